import { createReconcileHandler } from '@flowwise/react/server';
import type { LoaderFunctionArgs } from 'react-router';
import { client, fulfil } from '../lib/flowwise.server';
import { store } from '../lib/orderStore.server';

// A scheduler (a cron job, your platform's) calls GET /api/flowwise/reconcile every minute with
// `Authorization: Bearer $CRON_SECRET`: it checks the orders that are due, so that one paid by a shopper
// who never came back is fulfilled all the same. Anything else gets 401. The secret is read from
// CRON_SECRET at each request, so `react-router build` needs none.
const reconcile = createReconcileHandler({ client, store, onPaid: fulfil });

export const loader = ({ request }: LoaderFunctionArgs) => reconcile(request);
