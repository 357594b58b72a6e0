import { createReconcileHandler } from '@flowwise/react/server';
import { client, fulfil } from '@/lib/flowwise';
import { store } from '@/lib/orderStore';

// Vercel Cron calls this every minute (vercel.json) with `Authorization: Bearer $CRON_SECRET`: it checks
// the orders that are due, so that one paid by a shopper who never came back is fulfilled all the same.
// Anything else gets 401. The secret is read from CRON_SECRET at each request, so `next build` needs none.
export const GET = createReconcileHandler({ client, store, onPaid: fulfil });
