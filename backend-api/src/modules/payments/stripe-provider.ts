import Stripe from 'stripe';
import { type IntentPaymentProvider, type IntentState, InvalidWebhook, type ProviderEvent } from './provider';

export interface StripeOptions {
  secretKey: string;
  webhookSecret: string;
  /** Another API origin (stripe-mock); Stripe's own when absent. */
  apiBase?: string;
}

/** Where the SDK sends its calls: Stripe's API, or the origin given (stripe-mock in tests). */
function endpointOf(apiBase: string | undefined) {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? ('http' as const) : ('https' as const);
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

const INTENT_STATUSES = new Set<IntentState['status']>([
  'succeeded',
  'processing',
  'requires_action',
  'canceled',
  'requires_payment_method',
]);

const idOf = (value: string | { id: string } | null | undefined) =>
  value == null ? null : typeof value === 'string' ? value : value.id;

/** Reads the order id we put in the metadata, when it looks like one of ours. */
const orderIdOf = (metadata: Stripe.Metadata | null | undefined) => {
  const id = metadata?.orderId;
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
};

/** A Stripe event reduced to what the shop acts on; events it does not act on are `ignored`. */
export function toProviderEvent(event: Stripe.Event): ProviderEvent {
  const base = { id: event.id, type: event.type };
  switch (event.type) {
    case 'payment_intent.succeeded': {
      const intent = event.data.object;
      return {
        ...base,
        kind: 'payment_succeeded',
        orderId: orderIdOf(intent.metadata),
        reference: intent.id,
        amount: intent.amount_received,
        currency: intent.currency.toUpperCase(),
      };
    }
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      return {
        ...base,
        kind: 'payment_failed',
        orderId: orderIdOf(intent.metadata),
        reference: intent.id,
        message: intent.last_payment_error?.message ?? 'The payment failed',
      };
    }
    case 'payment_intent.canceled': {
      const intent = event.data.object;
      return { ...base, kind: 'payment_canceled', orderId: orderIdOf(intent.metadata), reference: intent.id };
    }
    case 'charge.succeeded': {
      const charge = event.data.object;
      const card = charge.payment_method_details?.card;
      return {
        ...base,
        kind: 'charge_succeeded',
        orderId: orderIdOf(charge.metadata),
        reference: idOf(charge.payment_intent),
        brand: card?.brand ?? null,
        last4: card?.last4 && /^\d{4}$/.test(card.last4) ? card.last4 : null,
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      return {
        ...base,
        kind: 'charge_refunded',
        orderId: orderIdOf(charge.metadata),
        reference: idOf(charge.payment_intent),
        amountRefunded: charge.amount_refunded,
        currency: charge.currency.toUpperCase(),
      };
    }
    case 'charge.dispute.created':
    case 'charge.dispute.closed': {
      const dispute = event.data.object;
      return {
        ...base,
        kind: 'dispute',
        orderId: orderIdOf(dispute.metadata),
        reference: idOf(dispute.payment_intent),
        status: dispute.status,
        reason: dispute.reason,
        amount: dispute.amount,
        currency: dispute.currency.toUpperCase(),
        closed: event.type === 'charge.dispute.closed',
      };
    }
    default:
      return { ...base, kind: 'ignored', orderId: null, reference: null };
  }
}

/**
 * Stripe through its official SDK: PaymentIntents with automatic payment methods, the order id in the
 * metadata, one idempotency key per order (a checkout answered again gets the same PaymentIntent).
 */
export function createStripeProvider(options: StripeOptions): IntentPaymentProvider & { stripe: Stripe } {
  const stripe = new Stripe(options.secretKey, {
    ...endpointOf(options.apiBase),
    // The SDK retries network errors with the same idempotency key, so a lost answer creates nothing twice.
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
  });
  return {
    name: 'stripe',
    stripe,
    async createIntent(request) {
      const intent = await stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          automatic_payment_methods: { enabled: true },
          receipt_email: request.email,
          description: `Order ${request.orderNumber}`,
          metadata: { orderId: request.orderId, orderNumber: request.orderNumber },
        },
        { idempotencyKey: request.idempotencyKey },
      );
      if (!intent.client_secret) throw new Error(`PaymentIntent ${intent.id} came without a client secret`);
      return { reference: intent.id, clientSecret: intent.client_secret };
    },
    async retrieveIntent(reference) {
      const intent = await stripe.paymentIntents.retrieve(reference);
      const status = INTENT_STATUSES.has(intent.status as IntentState['status'])
        ? (intent.status as IntentState['status'])
        : 'other';
      return {
        reference: intent.id,
        status,
        amountReceived: intent.amount_received,
        currency: intent.currency.toUpperCase(),
        orderId: orderIdOf(intent.metadata),
        failure: intent.last_payment_error?.message ?? null,
      };
    },
    async refund(request) {
      try {
        const refund = await stripe.refunds.create(
          {
            payment_intent: request.reference,
            amount: request.amount,
            // Stripe's reason is one of three words; the shop's own reason travels in the metadata.
            metadata: request.reason ? { reason: request.reason.slice(0, 500) } : {},
          },
          { idempotencyKey: request.idempotencyKey },
        );
        if (refund.status === 'succeeded') return { outcome: 'succeeded', reference: refund.id };
        if (refund.status === 'failed' || refund.status === 'canceled') {
          return { outcome: 'failed', message: `Stripe ${refund.status} the refund` };
        }
        return { outcome: 'pending', reference: refund.id };
      } catch (error) {
        // A refusal (more than remains, a disputed charge…) is an answer; a network or server error is not, so
        // it is thrown and the refund is asked again later with the same key.
        if (
          error instanceof Stripe.errors.StripeInvalidRequestError ||
          error instanceof Stripe.errors.StripeCardError
        ) {
          return { outcome: 'failed', message: error.message };
        }
        throw error;
      }
    },
    verifyWebhook(rawBody, signature) {
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature, options.webhookSecret);
      } catch (error) {
        throw new InvalidWebhook(
          error instanceof Stripe.errors.StripeSignatureVerificationError
            ? 'The Stripe-Signature header does not match the body'
            : 'The body is not a Stripe event',
        );
      }
      try {
        return toProviderEvent(event);
      } catch {
        throw new InvalidWebhook(`The ${event.type} event is not shaped as Stripe sends it`);
      }
    },
  };
}
