import { useId, type FormEvent } from 'react';
import * as z from 'zod/mini';
import { getFieldErrors, useFlowwiseCheckout, type UseFlowwiseCheckoutOptions } from '@flowwise/react';

/**
 * The store's own payload: what its checkout form posts. The same schema checks it in the browser (when
 * `checkInBrowser`) and in the store's endpoint (`createOrderHandler({ schema })`).
 */
export const contactSchema = z.object({
  items: z.array(z.object({ sku: z.string(), quantity: z.number() })),
  customer: z.object({
    email: z.email(),
    phone: z.string().check(z.regex(/^\+?[0-9]{10,13}$/)),
  }),
});
export type ContactPayload = z.infer<typeof contactSchema>;

/** The store's words for its own fields, looked up by the field's name. */
export const fieldMessages = {
  email: 'Enter a valid e-mail address.',
  phone: 'Enter a phone number of 10 to 13 digits, such as +919876543210.',
};

/** Props of the example form: the checkout options of `useFlowwiseCheckout`, and where the payload is checked. */
export interface CheckoutFormProps extends Omit<UseFlowwiseCheckoutOptions<ContactPayload>, 'schema'> {
  /** Check the payload in the browser before anything is sent. Defaults to `true`; `false` leaves it to the endpoint. */
  checkInBrowser?: boolean;
}

/**
 * A checkout form with two fields, each with its own sentence next to it: `getFieldErrors` turns the
 * checkout's error (the browser's `validation` error, or the endpoint's 400) into one per field path.
 */
export function CheckoutForm({ checkInBrowser = true, ...options }: CheckoutFormProps) {
  const { checkout, status, error } = useFlowwiseCheckout<ContactPayload>({
    ...options,
    schema: checkInBrowser ? contactSchema : undefined,
  });
  const fieldErrors = getFieldErrors(error, fieldMessages);
  const id = useId();
  const busy = status === 'pending' || status === 'redirecting';

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    checkout({
      items: [{ sku: 'mug-blue', quantity: 1 }],
      customer: { email: text('email'), phone: text('phone') },
    });
  };

  const field = (name: 'email' | 'phone', label: string, type: string) => {
    const message = fieldErrors[`customer.${name}`];
    return (
      <div className="form-field">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        <input
          id={`${id}-${name}`}
          name={name}
          type={type}
          autoComplete={name === 'email' ? 'email' : 'tel'}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? `${id}-${name}-error` : undefined}
        />
        {message ? (
          <p id={`${id}-${name}-error`} className="form-field-error">
            {message}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <form className="cart" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Your details</h2>
      {field('email', 'E-mail', 'email')}
      {field('phone', 'Phone', 'tel')}
      <button type="submit" className="cart-pay" aria-busy={busy || undefined} aria-disabled={busy || undefined}>
        {busy ? 'Please wait…' : 'Pay ₹499.00'}
      </button>
      {/* A failure that is not about a field (the network, say) in one sentence for the whole form. */}
      {error && !Object.keys(fieldErrors).length ? <p role="alert">{error.message}</p> : null}
    </form>
  );
}
