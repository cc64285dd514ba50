/**
 * What other modules may ask of guest orders (issue 16): an account takes the guest orders of its proven email,
 * and the guest order link finds an order by number and email. The SQL is the orders repository's.
 */
export { attachGuestOrders, findOrderByNumberAndEmail, findOrderEmail } from './repository';
