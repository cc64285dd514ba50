'use client';

import { Address, ShippingAddressInput } from '@shopstream/contracts';
import type { Cart } from '@shopstream/contracts/carts';
import { ShippingOptionList } from '@shopstream/contracts/carts';
import { IDEMPOTENCY_KEY_HEADER, Order } from '@shopstream/contracts/orders';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import {
  AddressFields,
  countryName,
  missingAddressFields,
  readAddress,
} from '@/features/account/components/address-form';
import { authorizedParsed, useSession } from '@/features/account/session';
import { trackCheckoutStarted, trackCheckoutStep } from '@/features/analytics/commerce-events';
import { CartLines, CartSummary } from '@/features/cart/cart-lines';
import { changeCart, reloadCart, useCartState } from '@/features/cart/cart-store';
import { buttonClass, Field, FormError, inputClass, secondaryButtonClass } from '@/features/forms/field';
import { ApiProblem } from '@/lib/client-api';
import { formatMoney } from '@/lib/money';
import { type CardInput, formatCardNumber, formatExpiry, readCard } from './card';
import { rememberPlacedOrder } from './placed-order';
import { StripePayment, stripeEnabled } from './stripe-payment';

type Step = 1 | 2 | 3 | 4;
const STEP_NAMES: Record<Step, string> = {
  1: 'Contact and address',
  2: 'Shipping',
  3: 'Payment',
  4: 'Review',
};

interface Contact {
  email: string;
  address: ShippingAddressInput;
}

const newKey = () => crypto.randomUUID();

export function Checkout() {
  const state = useCartState();
  const session = useSession();
  const router = useRouter();
  const [step, setStep] = useState<Step>(1);
  const [contact, setContact] = useState<Contact | null>(null);
  const [options, setOptions] = useState<ShippingOptionList | null>(null);
  const [card, setCard] = useState<CardInput | null>(null);
  const [savedAddress, setSavedAddress] = useState<Address | null>(null);
  const [savedAddresses, setSavedAddresses] = useState<Address[]>([]);
  const [paymentError, setPaymentError] = useState<string | null>(null);
  // The order just placed: the cart is empty from then on, and the confirmation is on its way.
  const [placed, setPlaced] = useState<string | null>(null);
  const checkoutId = useRef<string>('');
  const started = useRef(false);
  const headings = useRef<Record<number, HTMLHeadingElement | null>>({});

  const cart = state.status === 'ready' ? state.cart : null;
  const hasLines = (cart?.lines.length ?? 0) > 0;

  // Focus moves into the checkout when it opens (the cart drawer's link left it on the header).
  const focused = useRef(false);
  useEffect(() => {
    if (!hasLines || focused.current) return;
    focused.current = true;
    headings.current[1]?.focus();
  }, [hasLines]);

  useEffect(() => {
    if (!cart || cart.lines.length === 0 || started.current) return;
    started.current = true;
    checkoutId.current = newKey();
    trackCheckoutStarted(cart, checkoutId.current);
    trackCheckoutStep('Viewed', checkoutId.current, 1);
  }, [cart]);

  useEffect(() => {
    if (session.status !== 'signed-in') return;
    authorizedParsed('/me/addresses', z.object({ items: z.array(Address) })).then(
      ({ items }) => {
        setSavedAddresses(items);
        setSavedAddress(items.find((address) => address.isDefault) ?? items[0] ?? null);
      },
      () => undefined,
    );
  }, [session.status]);

  function goTo(next: Step, completed?: Step, extra?: Parameters<typeof trackCheckoutStep>[3]) {
    if (completed) trackCheckoutStep('Completed', checkoutId.current, completed, extra);
    if (next > (completed ?? 0)) trackCheckoutStep('Viewed', checkoutId.current, next);
    setStep(next);
    // Move focus to the step that opened, so keyboard and screen-reader users follow along.
    requestAnimationFrame(() => headings.current[next]?.focus());
  }

  if (placed) {
    return (
      <p role="status" className="mt-6 min-h-96 text-slate-700">
        Order {placed} is placed. Opening its confirmation…
      </p>
    );
  }
  if (state.status === 'loading') {
    return <p className="mt-6 min-h-96 text-slate-700">Loading your cart…</p>;
  }
  if (state.status === 'error' || !cart) {
    return <p className="mt-6 text-red-800">Your cart could not be loaded. Please reload the page.</p>;
  }
  if (cart.lines.length === 0) {
    return (
      <div className="mt-6 rounded-lg border border-dashed border-slate-400 p-8 text-center">
        <p className="font-medium">Your cart is empty, so there is nothing to check out.</p>
        <Link href="/search" className="mt-3 inline-block text-blue-800 underline underline-offset-2">
          Browse the shop
        </Link>
      </div>
    );
  }

  function onPlaced(order: Order) {
    trackCheckoutStep('Completed', checkoutId.current, stripeEnabled() ? 3 : 4);
    rememberPlacedOrder(order);
    setPlaced(order.number);
    router.push(`/checkout/confirmation/${order.number}`);
    void reloadCart();
  }

  const stepSection = (number: Step, summary: ReactNode, body: ReactNode) => (
    <section
      aria-labelledby={`step-${number}`}
      className={`rounded-lg border p-5 ${step === number ? 'border-blue-800' : 'border-slate-200'}`}
    >
      <div className="flex items-center justify-between gap-3">
        <h2
          id={`step-${number}`}
          ref={(element) => {
            headings.current[number] = element;
          }}
          tabIndex={-1}
          className="text-lg font-semibold"
        >
          <span className="text-slate-600">{number}.</span> {STEP_NAMES[number]}
        </h2>
        {step > number && (
          <button
            type="button"
            onClick={() => goTo(number)}
            className="text-sm text-blue-800 underline underline-offset-2"
          >
            Change<span className="sr-only"> {STEP_NAMES[number].toLowerCase()}</span>
          </button>
        )}
      </div>
      {step === number ? <div className="mt-4">{body}</div> : step > number ? summary : null}
    </section>
  );

  return (
    <div className="mt-6 grid gap-8 lg:grid-cols-[1fr_24rem]">
      <div className="space-y-4">
        {stepSection(
          1,
          contact && (
            <p className="mt-2 text-sm text-slate-700">
              {contact.email} · {contact.address.fullName}, {contact.address.line1},{' '}
              {contact.address.postalCode} {contact.address.city}, {countryName(contact.address.country)}
            </p>
          ),
          <ContactStep
            key={savedAddress?.id ?? 'none'}
            defaults={
              contact ?? {
                email: session.status === 'signed-in' ? session.user.email : '',
                address: savedAddress ?? {
                  fullName: session.status === 'signed-in' ? session.user.name : '',
                  line1: '',
                  city: '',
                  postalCode: '',
                  country: 'DE',
                },
              }
            }
            saved={savedAddresses}
            signedIn={session.status === 'signed-in'}
            pickedId={contact ? null : (savedAddress?.id ?? null)}
            onDone={async (next) => {
              setContact(next);
              const list = await authorizedParsed(
                `/shipping-options?country=${next.address.country}`,
                ShippingOptionList,
              );
              setOptions(list);
              goTo(2, 1);
            }}
          />,
        )}
        {stepSection(
          2,
          cart.shipping.option && (
            <p className="mt-2 text-sm text-slate-700">
              {cart.shipping.option.name} ·{' '}
              {cart.totals.shipping === 0 ? 'Free' : formatMoney(cart.totals.shipping, cart.totals.currency)}
            </p>
          ),
          options && contact && (
            <ShippingStep
              cart={cart}
              options={options}
              country={contact.address.country}
              onDone={(name) => goTo(3, 2, { shipping_method: name })}
            />
          ),
        )}
        {stripeEnabled()
          ? stepSection(
              3,
              null,
              contact && cart.shipping.option && (
                <StripePayment
                  cart={cart}
                  contact={contact}
                  checkoutId={checkoutId.current}
                  onPlaced={onPlaced}
                />
              ),
            )
          : null}
        {stripeEnabled() ? null : (
          <>
            {stepSection(
              3,
              card && (
                <p className="mt-2 text-sm text-slate-700">Card ending in {card.cardNumber.slice(-4)}</p>
              ),
              <PaymentStep
                error={paymentError}
                onDone={(next) => {
                  setPaymentError(null);
                  setCard(next);
                  goTo(4, 3, { payment_method: 'card' });
                }}
              />,
            )}
            {stepSection(
              4,
              null,
              contact && card && cart.shipping.option && (
                <ReviewStep
                  cart={cart}
                  contact={contact}
                  card={card}
                  checkoutId={checkoutId.current}
                  onDeclined={(message) => {
                    setPaymentError(message);
                    goTo(3);
                  }}
                  onPlaced={onPlaced}
                />
              ),
            )}
          </>
        )}
      </div>
      <aside aria-labelledby="order-summary" className="h-fit space-y-4 rounded-lg bg-slate-50 p-5">
        <h2 id="order-summary" className="font-semibold">
          Order summary
        </h2>
        <CartLines cart={cart} compact />
        <CartSummary cart={cart} />
      </aside>
    </div>
  );
}

const NEW_ADDRESS = 'new';

function ContactStep({
  defaults,
  onDone,
  saved,
  signedIn,
  pickedId,
}: {
  defaults: Contact;
  onDone: (contact: Contact) => Promise<void>;
  /** The signed-in customer's address book, to pick from. */
  saved: Address[];
  signedIn: boolean;
  pickedId: string | null;
}) {
  const [picked, setPicked] = useState(pickedId ?? NEW_ADDRESS);
  const [saveAddress, setSaveAddress] = useState(false);
  const pickedAddress = saved.find((address) => address.id === picked);
  const addressDefaults =
    pickedAddress ??
    (picked === NEW_ADDRESS && pickedId
      ? { ...defaults.address, line1: '', line2: null, city: '', postalCode: '' }
      : defaults.address);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get('email') ?? '').trim();
    const address = readAddress(data);
    const missing: Record<string, string> = missingAddressFields(address);
    if (!z.email().safeParse(email).success)
      missing.email = 'Enter an email address such as you@example.com.';
    const parsed = ShippingAddressInput.safeParse(address);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) missing[String(issue.path[0])] ??= issue.message;
    }
    setErrors(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    setError(null);
    try {
      if (signedIn && saveAddress && !pickedAddress) {
        await authorizedParsed('/me/addresses', Address, { method: 'POST', body: parsed.data });
      }
      await onDone({ email, address });
    } catch (caught) {
      setError(caught instanceof ApiProblem ? caught.message : 'Shipping options could not be loaded.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={defaults.email}
        error={errors.email}
        hint="We send the order confirmation here."
      />
      {saved.length > 0 && (
        <div>
          <label htmlFor="saved-address" className="block text-sm font-medium">
            Saved addresses
          </label>
          <select
            id="saved-address"
            className={`mt-1 ${inputClass}`}
            value={picked}
            onChange={(event) => setPicked(event.target.value)}
          >
            {saved.map((address) => (
              <option key={address.id} value={address.id}>
                {address.label ? `${address.label}: ` : ''}
                {address.fullName}, {address.line1}, {address.postalCode} {address.city}
              </option>
            ))}
            <option value={NEW_ADDRESS}>A new address</option>
          </select>
        </div>
      )}
      <AddressFields key={picked} defaults={addressDefaults} errors={errors} />
      {signedIn && !pickedAddress && (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="saveAddress"
            checked={saveAddress}
            onChange={(event) => setSaveAddress(event.target.checked)}
            className="h-4 w-4"
          />
          Save this address to my address book
        </label>
      )}
      <FormError message={error} />
      <button type="submit" className={buttonClass} disabled={busy}>
        Continue to shipping
      </button>
    </form>
  );
}

function ShippingStep({
  cart,
  options,
  country,
  onDone,
}: {
  cart: Cart;
  options: ShippingOptionList;
  country: string;
  onDone: (name: string) => void;
}) {
  const [chosen, setChosen] = useState(cart.shipping.option?.id ?? options.items[0]?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const destination = countryName(country);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const updated = await changeCart('/cart/shipping', 'PUT', { country, shippingOptionId: chosen });
      onDone(updated.shipping.option?.name ?? chosen);
    } catch (caught) {
      setError(caught instanceof ApiProblem ? caught.message : 'The shipping option could not be saved.');
    } finally {
      setBusy(false);
    }
  }

  if (options.items.length === 0) {
    return <p className="text-red-800">We don’t ship to {destination} yet. Please choose another address.</p>;
  }
  return (
    <form onSubmit={submit} className="space-y-4">
      <fieldset>
        <legend className="text-sm text-slate-700">Delivery to {destination}</legend>
        <div className="mt-2 space-y-2">
          {options.items.map((option) => {
            const free =
              option.freeOver !== null && cart.totals.subtotal - cart.totals.discount >= option.freeOver;
            return (
              <label
                key={option.id}
                className="flex cursor-pointer items-center gap-3 rounded-md border border-slate-300 p-3 has-checked:border-blue-800 has-checked:bg-blue-50"
              >
                <input
                  type="radio"
                  name="shippingOption"
                  value={option.id}
                  checked={chosen === option.id}
                  onChange={() => setChosen(option.id)}
                  className="size-4 accent-blue-800"
                />
                <span className="flex-1">
                  <span className="block font-medium">{option.name}</span>
                  <span className="block text-sm text-slate-700">
                    {option.carrier} · {option.minDays}–{option.maxDays} business days
                  </span>
                </span>
                <span className="font-semibold tabular-nums">
                  {free ? 'Free' : formatMoney(option.price, option.currency)}
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>
      <FormError message={error} />
      <button type="submit" className={buttonClass} disabled={busy || !chosen}>
        Continue to payment
      </button>
    </form>
  );
}

function PaymentStep({ onDone, error }: { onDone: (card: CardInput) => void; error: string | null }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const result = readCard({
      cardNumber: number,
      expiry,
      cvc: String(data.get('cvc') ?? ''),
    });
    if ('errors' in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    onDone(result.card);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormError message={error} />
      <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950">
        This shop uses a test payment provider. Card <strong>4242 4242 4242 4242</strong> is accepted,{' '}
        <strong>4000 0000 0000 0002</strong> is declined; any future expiry date and any CVC.
      </p>
      <Field
        label="Card number"
        name="cardNumber"
        inputMode="numeric"
        autoComplete="cc-number"
        required
        value={number}
        onChange={(event) => setNumber(formatCardNumber(event.target.value))}
        error={errors.cardNumber}
      />
      <div className="grid grid-cols-2 gap-4">
        <Field
          label="Expiry (MM/YY)"
          name="expiry"
          inputMode="numeric"
          autoComplete="cc-exp"
          placeholder="MM/YY"
          required
          maxLength={7}
          value={expiry}
          onChange={(event) => setExpiry(formatExpiry(event.target.value))}
          error={errors.expiry}
        />
        <Field
          label="CVC"
          name="cvc"
          inputMode="numeric"
          autoComplete="cc-csc"
          required
          maxLength={4}
          error={errors.cvc}
        />
      </div>
      <button type="submit" className={buttonClass}>
        Continue to review
      </button>
    </form>
  );
}

function ReviewStep({
  cart,
  contact,
  card,
  onPlaced,
  onDeclined,
  checkoutId,
}: {
  cart: Cart;
  contact: Contact;
  card: CardInput;
  /** The Checkout Started event's `checkout_id`: the order's analytics events carry it. */
  checkoutId: string;
  onPlaced: (order: Order) => void;
  onDeclined: (message: string) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [placing, setPlacing] = useState(false);
  // One key per checkout attempt: a double click or a retry after a lost answer places one order.
  const idempotencyKey = useRef(newKey());
  const inFlight = useRef(false);

  async function place() {
    if (inFlight.current) return;
    inFlight.current = true;
    setPlacing(true);
    setError(null);
    try {
      const order = await authorizedParsed('/checkout', Order, {
        method: 'POST',
        headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey.current },
        body: {
          email: contact.email,
          shippingAddress: contact.address,
          shippingOptionId: cart.shipping.option?.id,
          payment: card,
          checkoutId: checkoutId || undefined,
        },
      });
      onPlaced(order);
    } catch (caught) {
      const status = caught instanceof ApiProblem ? caught.status : 0;
      if (status === 402) {
        // The provider answered for good: a new attempt (another card) gets a new key.
        onDeclined(
          'Your card was declined and nothing was charged. Your cart is unchanged: please use another card.',
        );
      } else if (status === 409) {
        idempotencyKey.current = newKey();
        setError(
          // ApiProblem says "sold out" for out_of_stock (its SHOPPER_MESSAGES switch on the code).
          caught instanceof ApiProblem ? caught.message : 'The order could not be placed.',
        );
        void reloadCart();
      } else {
        setError('The payment could not be processed just now. Nothing was charged twice: please try again.');
      }
    } finally {
      inFlight.current = false;
      setPlacing(false);
    }
  }

  return (
    <div className="space-y-4 text-sm">
      <dl className="grid gap-3 sm:grid-cols-3">
        <div>
          <dt className="font-semibold">Ship to</dt>
          <dd>
            {contact.address.fullName}, {contact.address.line1}, {contact.address.postalCode}{' '}
            {contact.address.city}
          </dd>
        </div>
        <div>
          <dt className="font-semibold">Shipping</dt>
          <dd>{cart.shipping.option?.name}</dd>
        </div>
        <div>
          <dt className="font-semibold">Payment</dt>
          <dd>Card ending in {card.cardNumber.slice(-4)}</dd>
        </div>
      </dl>
      <p className="text-base">
        Total to pay:{' '}
        <strong className="tabular-nums" data-testid="review-total">
          {formatMoney(cart.totals.total, cart.totals.currency)}
        </strong>
        <span className="text-sm text-slate-700" data-testid="review-tax">
          {' '}
          ({cart.totals.taxIncluded ? 'incl.' : 'of which'}{' '}
          {formatMoney(cart.totals.tax, cart.totals.currency)} {cart.totals.taxIncluded ? 'VAT' : 'tax'})
        </span>
      </p>
      <FormError message={error} />
      {!cart.checkoutReady && (
        <p className="text-red-800">
          Some items are not available in the quantity asked. Please update your cart.
        </p>
      )}
      <div className="flex flex-wrap gap-3">
        <button
          type="button"
          className={buttonClass}
          onClick={place}
          disabled={placing || !cart.checkoutReady}
          aria-busy={placing}
        >
          {placing ? 'Placing your order…' : 'Place order'}
        </button>
        <Link href="/cart" className={secondaryButtonClass}>
          Edit cart
        </Link>
      </div>
    </div>
  );
}
