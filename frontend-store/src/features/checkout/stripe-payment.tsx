'use client';

import type { ShippingAddressInput } from '@shopstream/contracts';
import type { Cart } from '@shopstream/contracts/carts';
import { CheckoutResponse, IDEMPOTENCY_KEY_HEADER, type Order } from '@shopstream/contracts/orders';
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
// The pure entry loads Stripe.js only when loadStripe is called: the main one injects it on import, on every page.
import { loadStripe } from '@stripe/stripe-js/pure';
import { useRef, useState } from 'react';
import { authorizedParsed } from '@/features/account/session';
import { reloadCart } from '@/features/cart/cart-store';
import { buttonClass, FormError } from '@/features/forms/field';
import { ApiProblem } from '@/lib/client-api';
import { env } from '@/lib/env';
import { formatMoney } from '@/lib/money';

let stripePromise: Promise<Stripe | null> | null = null;
/** Stripe.js loads from js.stripe.com once, on the first checkout that needs it. */
const stripeJs = (key: string) => {
  stripePromise ??= loadStripe(key);
  return stripePromise;
};

export const stripeEnabled = () => env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY !== null;

interface Contact {
  email: string;
  address: ShippingAddressInput;
}

/**
 * The payment step with Stripe: its Payment Element (the card never touches this shop), in deferred mode so it
 * shows before any order exists. "Place order" checks the fields, places the order (stock reserved, a
 * PaymentIntent created: `POST /checkout` without a card), then confirms the payment with the client secret.
 * The order is paid when Stripe's webhook says so; the confirmation page polls it.
 */
export function StripePayment(props: {
  cart: Cart;
  contact: Contact;
  /** The Checkout Started event's `checkout_id`: the order's analytics events carry it. */
  checkoutId: string;
  onPlaced: (order: Order) => void;
}) {
  const key = env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY;
  if (!key) return null;
  return (
    <Elements
      stripe={stripeJs(key)}
      options={{
        mode: 'payment',
        amount: props.cart.totals.total,
        currency: props.cart.totals.currency.toLowerCase(),
        appearance: { theme: 'stripe' },
      }}
    >
      <PayWithStripe {...props} />
    </Elements>
  );
}

function PayWithStripe({
  cart,
  contact,
  checkoutId,
  onPlaced,
}: {
  cart: Cart;
  contact: Contact;
  checkoutId: string;
  onPlaced: (order: Order) => void;
}) {
  const stripe = useStripe();
  const elements = useElements();
  const [error, setError] = useState<string | null>(null);
  const [placing, setPlacing] = useState(false);
  const idempotencyKey = useRef(crypto.randomUUID());

  async function place() {
    if (!stripe || !elements || placing) return;
    setPlacing(true);
    setError(null);
    try {
      const checked = await elements.submit();
      if (checked.error) {
        setError(checked.error.message ?? 'Check the payment details.');
        return;
      }
      const placed = await authorizedParsed('/checkout', CheckoutResponse, {
        method: 'POST',
        headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey.current },
        body: {
          email: contact.email,
          shippingAddress: contact.address,
          shippingOptionId: cart.shipping.option?.id,
          checkoutId: checkoutId || undefined,
        },
      });
      const { clientSecret, ...order } = placed;
      if (clientSecret && order.status === 'pending') {
        const confirmed = await stripe.confirmPayment({
          elements,
          clientSecret,
          confirmParams: { return_url: `${window.location.origin}/checkout/confirmation/${order.number}` },
          redirect: 'if_required',
        });
        if (confirmed.error) {
          // This order's payment failed; Stripe's webhook cancels it. Another try places a new one.
          idempotencyKey.current = crypto.randomUUID();
          setError(
            `${confirmed.error.message ?? 'The payment failed.'} Nothing was charged; you can try again.`,
          );
          return;
        }
      }
      onPlaced(order);
    } catch (caught) {
      if (caught instanceof ApiProblem && caught.status === 409) {
        idempotencyKey.current = crypto.randomUUID();
        setError(caught.message);
        void reloadCart();
      } else {
        setError('The payment could not be started just now. Nothing was charged: please try again.');
      }
    } finally {
      setPlacing(false);
    }
  }

  return (
    <div className="space-y-4">
      <FormError message={error} />
      <PaymentElement />
      <p className="text-base">
        Total to pay:{' '}
        <strong className="tabular-nums">{formatMoney(cart.totals.total, cart.totals.currency)}</strong>
      </p>
      <button
        type="button"
        className={buttonClass}
        onClick={place}
        disabled={!stripe || !elements || placing || !cart.checkoutReady}
        aria-busy={placing}
      >
        {placing ? 'Placing your order…' : 'Place order'}
      </button>
    </div>
  );
}
