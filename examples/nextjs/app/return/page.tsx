import Link from 'next/link';

// Where the checkout sends the shopper back. The query string is for showing a reference only:
// anyone can type it, so confirm the payment with Flowwise on the server before shipping anything.
export default async function ReturnPage({ searchParams }: PageProps<'/return'>) {
  const { order_id } = await searchParams;
  return (
    <main>
      <h1>Back from checkout</h1>
      <p>
        Your order reference: <code>{typeof order_id == 'string' ? order_id : 'none'}</code>
      </p>
      <Link href="/">Back to the shop</Link>
    </main>
  );
}
