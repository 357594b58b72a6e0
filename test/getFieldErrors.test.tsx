import { FlowwiseError, FlowwiseProvider, getFieldErrors, useFlowwiseCheckout } from '@flowwise/react';
import { mockCreateOrderEndpoint } from '@flowwise/react/testing';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FormEvent } from 'react';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { setupMsw } from './support';

const server = setupMsw();

// A store's own payload: what its checkout form posts, checked in the browser and again by its endpoint.
const contactSchema = z.object({
  items: z.array(z.object({ sku: z.string(), quantity: z.number() })),
  customer: z.object({
    email: z.email(),
    phone: z.string().check(z.regex(/^\+?[0-9]{10,13}$/)),
  }),
});
type Contact = z.infer<typeof contactSchema>;

// The store's words for its own fields, by name.
const messages = { email: 'Enter a valid e-mail address.', phone: 'Enter a phone number of 10 to 13 digits.' };

describe('getFieldErrors', () => {
  const issue = (path: PropertyKey[], message = `${path.join('.')} is not valid (zod's words)`) => ({ code: 'custom', path, message });

  it("gives one shopper sentence per field path, by the field's name in messages, from a browser validation error", () => {
    const error = new FlowwiseError('validation', 'The payload is not valid: customer.email …', {
      issues: [issue(['customer', 'email']), issue(['customer', 'phone'])],
    });

    expect(getFieldErrors(error, messages)).toEqual({
      'customer.email': 'Enter a valid e-mail address.',
      'customer.phone': 'Enter a phone number of 10 to 13 digits.',
    });
  });

  it("reads the endpoint's 400 the same way, and falls back to the defaults, then to the validation sentence", () => {
    const error = new FlowwiseError('http', 'Some details of your order are not valid.', {
      status: 400,
      code: 'invalid_payload',
      issues: [
        issue(['customer_details', 'customer_email']),
        issue(['items', 0, 'quantity']),
        issue(['items', 0, 'quantity'], 'a second problem of the same field'),
        issue([]),
      ],
    });

    expect(getFieldErrors(error, { quantity: 'Choose at least one.' })).toEqual({
      'customer_details.customer_email': 'Please enter a valid e-mail address.',
      'items.0.quantity': 'Choose at least one.',
      '': 'Some details of your order are not valid. Please check them and try again.',
    });
    expect(getFieldErrors(error)['items.0.quantity']).toBe('Some details of your order are not valid. Please check them and try again.');
    expect(getFieldErrors(error, { validation: 'Bitte prüfen.' })['']).toBe('Bitte prüfen.');
  });

  it('gives nothing for no error, for errors that are not about the fields, and never the issues of a bad answer', () => {
    const issues = [issue(['checkout_url'])];
    expect(getFieldErrors(null)).toEqual({});
    expect(getFieldErrors(new Error('boom'))).toEqual({});
    expect(getFieldErrors(new FlowwiseError('invalid_response', 'x', { status: 200, issues }))).toEqual({});
    expect(getFieldErrors(new FlowwiseError('http', 'x', { status: 409, code: 'already_exists', issues }))).toEqual({});
    expect(getFieldErrors(new FlowwiseError('network', 'x'))).toEqual({});
    expect(getFieldErrors(new FlowwiseError('validation', 'Your cart is empty.'))).toEqual({});
  });
});

/** A checkout form with two fields, each with its sentence beside it, as a store would write it. */
function ContactForm({ checkInBrowser }: { checkInBrowser: boolean }) {
  const { checkout, error } = useFlowwiseCheckout<Contact>({ schema: checkInBrowser ? contactSchema : undefined, redirect: false });
  const fieldErrors = getFieldErrors(error, messages);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    checkout({ items: [{ sku: 'mug', quantity: 1 }], customer: { email: text('email'), phone: text('phone') } });
  };
  return (
    <form onSubmit={submit} noValidate>
      <label htmlFor="email">E-mail</label>
      <input id="email" name="email" aria-invalid={!!fieldErrors['customer.email']} aria-describedby="email-error" />
      <p id="email-error">{fieldErrors['customer.email']}</p>
      <label htmlFor="phone">Phone</label>
      <input id="phone" name="phone" aria-invalid={!!fieldErrors['customer.phone']} aria-describedby="phone-error" />
      <p id="phone-error">{fieldErrors['customer.phone']}</p>
      <button type="submit">Pay</button>
    </form>
  );
}

describe('a two-field checkout form with getFieldErrors', () => {
  it.each([
    ['the browser schema, sending nothing', true],
    ["the endpoint's 400 (invalid_payload), through msw", false],
  ])('shows each field its own sentence from %s', async (_, checkInBrowser) => {
    server.use(...mockCreateOrderEndpoint({ schema: contactSchema }));
    const onRequest = vi.fn();
    server.events.on('request:start', onRequest);
    const user = userEvent.setup();
    render(
      <FlowwiseProvider>
        <ContactForm checkInBrowser={checkInBrowser} />
      </FlowwiseProvider>,
    );

    await user.type(screen.getByLabelText('E-mail'), 'priya@');
    await user.type(screen.getByLabelText('Phone'), '12');
    await user.click(screen.getByRole('button', { name: 'Pay' }));

    await waitFor(() => expect(screen.getByLabelText('E-mail')).toHaveAccessibleDescription('Enter a valid e-mail address.'));
    expect(screen.getByLabelText('E-mail')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Phone')).toHaveAccessibleDescription('Enter a phone number of 10 to 13 digits.');
    expect(screen.getByLabelText('Phone')).toHaveAttribute('aria-invalid', 'true');
    // Never the schema's words for a developer.
    expect(document.body).not.toHaveTextContent(/customer\.|Invalid|must/);
    expect(onRequest).toHaveBeenCalledTimes(checkInBrowser ? 0 : 1);

    // Only the field still wrong keeps a sentence.
    await user.clear(screen.getByLabelText('E-mail'));
    await user.type(screen.getByLabelText('E-mail'), 'priya@example.com');
    await user.click(screen.getByRole('button', { name: 'Pay' }));
    await waitFor(() => expect(screen.getByLabelText('E-mail')).toHaveAttribute('aria-invalid', 'false'));
    expect(screen.getByLabelText('E-mail')).not.toHaveAccessibleDescription();
    expect(screen.getByLabelText('Phone')).toHaveAccessibleDescription('Enter a phone number of 10 to 13 digits.');
  });
});
