import type { CreateOrderRequest, OrderPayments } from '../schemas';

/**
 * Where an order stands in the store. `active` until Flowwise says otherwise; `paid` once Flowwise says
 * PAID and successful payments cover the recorded amount in the recorded currency; `expired` once
 * Flowwise says EXPIRED; `review` when what Flowwise says cannot be squared with the record (PAID
 * without a matching successful payment, or Flowwise no longer knowing the order): a person decides.
 * `paid`, `expired` and `review` are final: no read from Flowwise ever moves them back.
 */
export type OrderRecordStatus = 'active' | 'paid' | 'expired' | 'review';

/** Why an order is in `review`: `payment_mismatch` (PAID without matching successful payments) or `not_found` (Flowwise answered 404). */
export type OrderReviewReason = 'payment_mismatch' | 'not_found';

/** Where fulfilment stands: `none` (not started, or released after `onPaid` threw), `claimed` (under a lease), `done`. */
export type FulfilmentState = 'none' | 'claimed' | 'done';

/**
 * Who made the `order_id`: `handler` (the handler made it: 128 random bits, unguessable) or
 * `prepareOrder` (the store's own code supplied it, so it may be a number anyone can guess).
 */
export type OrderIdSource = 'handler' | 'prepareOrder';

/** An order as the store holds it: what was priced and sent, what Flowwise last said, and fulfilment. */
export interface OrderRecord {
  /** The `order_id` sent to Flowwise; the record's key. */
  orderId: string;
  /** Who created it (the `owner(request)` of the create request: a session or customer id), or `null` for nobody known. */
  owner: string | null;
  /** Who made `orderId`: decides what a request holding the id but not owning it may learn. */
  orderIdSource: OrderIdSource;
  /** The validated payload the browser posted (the cart), as JSON. */
  payload: unknown;
  /** The prepared order sent to Flowwise: its amount, currency and customer are what a payment must match. */
  order: CreateOrderRequest;
  /** Flowwise's `checkout_url` for the order, or `''` until Flowwise has answered (see `createOrderHandler`): nobody is sent to it. */
  checkoutUrl: string;
  /** When Flowwise said the order expires, or `null` when it did not say. */
  expiresAt: Date | null;
  /** Where the order stands; see {@link OrderRecordStatus}. */
  status: OrderRecordStatus;
  /** While `active`: whether every payment attempt so far has ended without success (`failed`) or not (`pending`). */
  outcome: 'pending' | 'failed';
  /** Flowwise's `order_status` when last read (`ACTIVE` until the first read). */
  flowwiseStatus: string;
  /** The payments Flowwise last listed for the order (empty until they were first read). */
  payments: OrderPayments;
  /** Why the order is in `review`, else `null`. */
  reviewReason: OrderReviewReason | null;
  /** When a read of Flowwise for this order last started, or `null` before the first. */
  checkedAt: Date | null;
  /**
   * When the order is next due to be read by a background job, or `null` for never. Indexed. Set on
   * {@link NewOrderRecord} and {@link OrderRead}; reads that make the order final clear it.
   */
  nextCheckAt: Date | null;
  /** Where fulfilment stands; see {@link FulfilmentState}. */
  fulfilment: FulfilmentState;
  /** The token of the current claim while `claimed`, else `null`. */
  claimToken: string | null;
  /** When the current claim's lease runs out while `claimed`, else `null`. */
  leaseExpiresAt: Date | null;
  /** How many times fulfilment has been claimed (the attempt number of the latest claim). */
  attempts: number;
  /** When fulfilment was completed, else `null`. */
  fulfilledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The `checkoutUrl` of an order recorded before Flowwise created it (`createOrderHandler` records the
 * order first): the store holds the id, so that a second request for it is seen at once and an order
 * whose creation timed out is still known, but nobody may be sent to pay it until Flowwise has
 * answered with a real one. A read of Flowwise fills it in.
 *
 * @internal
 */
export const NOT_YET_CREATED = '';

/** What {@link OrderStore.insert} records for a new order: it starts `active`, `pending`, unfulfilled. */
export interface NewOrderRecord {
  orderId: string;
  owner: string | null;
  orderIdSource: OrderIdSource;
  payload: unknown;
  order: CreateOrderRequest;
  checkoutUrl: string;
  expiresAt: Date | null;
  /** When a background job should first read it. Defaults to `null` (never). */
  nextCheckAt?: Date | null;
}

/** What one read of Flowwise found, for {@link OrderStore.recordRead}. Fields left out stay as they are. */
export interface OrderRead {
  status: OrderRecordStatus;
  outcome: 'pending' | 'failed';
  flowwiseStatus: string;
  payments?: OrderPayments;
  checkoutUrl?: string;
  expiresAt?: Date | null;
  /** Required for `review`. */
  reviewReason?: OrderReviewReason;
  /** Defaults to unchanged while `active`, and to `null` for a final status. */
  nextCheckAt?: Date | null;
}

/** What {@link OrderStore.insert} answers: whether this call created the record, and the record as it stands. */
export interface OrderInsertResult {
  inserted: boolean;
  record: OrderRecord;
}

/**
 * Where the handlers keep every order they create, so that the status endpoint answers from it and
 * fulfilment happens exactly once. Each method that changes a record is one atomic step (in Postgres,
 * one statement), so any number of server instances may share one store. Times come from the store's
 * clock. Ships as {@link createMemoryOrderStore} (tests, the sandbox) and `createPostgresOrderStore`;
 * a store that fails throws, and the handlers answer 503.
 */
export interface OrderStore {
  /** Records a new order, unless one with its `orderId` exists: then `inserted` is `false` and `record` is the existing one, unchanged. */
  insert(order: NewOrderRecord): Promise<OrderInsertResult>;
  /** The record of `orderId`, or `undefined`. */
  get(orderId: string): Promise<OrderRecord | undefined>;
  /**
   * Whether the caller may read `orderId` from Flowwise now: `true` (and `checkedAt` set to now) when
   * the order is `active` and no read started in the last `minIntervalMs`, else `false`. Across every
   * instance sharing the store, an order is read at most once per `minIntervalMs`.
   */
  beginRead(orderId: string, minIntervalMs: number): Promise<boolean>;
  /**
   * Records what a read of Flowwise found, if the order is still `active`, and returns the updated
   * record; `undefined` when it is not (a final status is never moved back).
   */
  recordRead(orderId: string, read: OrderRead): Promise<OrderRecord | undefined>;
  /**
   * Claims the fulfilment of a `paid` order for `leaseMs`: succeeds when fulfilment is `none`, or
   * `claimed` with its lease run out (the process holding it died). Returns the record with its new
   * `claimToken` and `attempts`, or `undefined` when someone else holds it or it is `done`. Of any
   * number of concurrent claims, one succeeds.
   */
  claimFulfilment(orderId: string, leaseMs: number): Promise<OrderRecord | undefined>;
  /** Marks fulfilment `done`, if `claimToken` still holds the claim; `false` when it does not (the lease ran out and another claim took over). */
  completeFulfilment(orderId: string, claimToken: string): Promise<boolean>;
  /** Gives a claim back (fulfilment failed: it is tried again by the next claim), if `claimToken` still holds it. */
  releaseFulfilment(orderId: string, claimToken: string): Promise<boolean>;
  /**
   * Claims up to `limit` orders that are due for the background job, the longest overdue first: an
   * `active` order whose `nextCheckAt` has come (due for a read), and a `paid` order whose fulfilment
   * is not done and not held under a live lease (`onPaid` threw, or its process died), once its
   * `nextCheckAt` (if any) has come. Each claimed order's `nextCheckAt` moves to now + `leaseMs`:
   * until then no other claim takes it, and if the claimer dies it comes due again by itself. Rows
   * another instance is claiming at that moment are skipped, not waited for (in Postgres,
   * `FOR UPDATE SKIP LOCKED`), so concurrent claims never return one order twice.
   */
  claimDue(limit: number, leaseMs: number): Promise<OrderRecord[]>;
  /**
   * Sets when an order is next due (`null`: never) while the background job still has work on it
   * (`active`, or `paid` and not fulfilled); `false` when it has none.
   */
  reschedule(orderId: string, nextCheckAt: Date | null): Promise<boolean>;
  /**
   * Takes `count` calls of `kind` from its budget, in one atomic step shared by every instance: granted
   * when the calls already taken in the current window of `windowMs` (aligned to the store's clock)
   * plus `count` stay within `limit`, and the kind is not paused. A refusal says when to ask again.
   */
  takeCalls(kind: string, count: number, limit: number, windowMs: number): Promise<CallGrant>;
  /** Pauses calls of `kind` until `until` (Flowwise answered 429): every {@link takeCalls} for it is refused until then. */
  pauseCalls(kind: string, until: Date): Promise<void>;
}

/** What {@link OrderStore.takeCalls} answers: granted, or refused with when to ask again (the window's end, or the pause's). */
export type CallGrant = { granted: true } | { granted: false; retryAt: Date };

/** The clock of a store, for tests to move. */
export type OrderStoreClock = () => Date;
