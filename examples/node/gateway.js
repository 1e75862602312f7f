// A trading gateway sketch: accept signed copier signals (binary v1 and legacy text lines) from senders,
// drop anything that does not verify, and turn each accepted signal into an exchange order request
// signed with the exchange API secret. Runs offline (the "network" is function calls) and exits non-zero
// if any step does not behave as described, so `make test` keeps it working.
//
// In an application: `const tradeseal = require('tradeseal')`.
'use strict'
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { MacKey, MacKeyring, SignalVerifier } = require('../../bindings-node')

// ---- keys (in production: from a secret store, never from source code) ----
const signalSecret = crypto.randomBytes(32) // shared with the signal senders, key id 1
const legacySecret = crypto.randomBytes(32) // shared with an old sender that still speaks the text format
const exchangeSecret = crypto.randomBytes(32) // the exchange API secret

const senderRing = new MacKeyring()
senderRing.insert(1, signalSecret)
senderRing.promote(1)

const gatewayRing = new MacKeyring() // the gateway verifies with every key it holds
gatewayRing.insert(1, signalSecret)
// Replay, gap and freshness checks before the signature, commit after it (in production: SignalVerifier.open
// with a state file, so a restart does not reopen the window).
const verifier = new SignalVerifier({ maxAgeMs: 60_000, maxFutureMs: 5_000 }, { window: 1024 })
const legacyKey = MacKey.fromBytes(legacySecret)
const exchangeKey = MacKey.fromBytes(exchangeSecret)

// ---- the gateway ----
const rejected = []
const orders = []

/** Turns a verified signal into a signed exchange order request (method, path, headers, body). */
function orderRequest(signal) {
  const body = Buffer.from(
    JSON.stringify({
      symbol: signal.symbol,
      side: signal.orderTypeName,
      // Fixed-point on the wire, as the exchange expects decimal strings.
      quantity: decimalText(signal.volume),
      price: decimalText(signal.price),
      clientOrderId: `${signal.subscriptionId}:${signal.sequence}`,
    }),
  )
  const request = {
    method: 'POST',
    path: '/api/v3/order',
    timestampMs: Date.now(),
    nonce: crypto.randomBytes(12).toString('hex'),
    body,
  }
  const signed = exchangeKey.signRequest(request, 'gateway-1')
  return { method: request.method, path: request.path, headers: signed.headers, body }
}

function decimalText({ units, decimals }) {
  const digits = units.toString().padStart(decimals + 1, '0')
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`
}

function onSignal(packet) {
  try {
    orders.push(orderRequest(verifier.verify(gatewayRing, packet, Date.now())))
  } catch (err) {
    rejected.push(err.code) // e.g. TSEAL_REPLAYED, TSEAL_INVALID_SIGNATURE, TSEAL_UNKNOWN_KEY, TSEAL_STALE
  }
}

function onLegacyLine(line, signature) {
  try {
    orders.push(orderRequest(legacyKey.verifyLegacy(line, signature)))
  } catch (err) {
    rejected.push(err.code)
  }
}

// ---- the exchange side, to show the request verifies ----
function exchangeAccepts({ method, path, headers, body }) {
  const received = { method, path, timestamp: headers['X-Timestamp'], nonce: headers['X-Nonce'], body }
  exchangeKey.verifyRequest(received, headers['X-Signature'])
  return true
}

// ---- a sender, a tampering middlebox, an old sender ----
const subscriptionId = '6f9619ff-8b86-d011-b42d-00c04fc964ff'
const signal = (sequence, symbol) => ({
  subscriptionId,
  sequence,
  generatedAtMs: Date.now(),
  symbol,
  orderType: 0, // ORDER_TYPE_BUY
  volume: { units: 10, decimals: 2 }, // 0.10 lots
  price: { units: 108125, decimals: 5 }, // 1.08125
})

const first = senderRing.signSignal(signal(1, 'EURUSD'))
onSignal(first)
onSignal(senderRing.signSignal(signal(2, 'XAUUSD')))
onSignal(first) // replayed by an attacker

const tampered = senderRing.signSignal(signal(3, 'EURUSD'))
tampered[tampered.length - 40] ^= 0x01 // a flipped bit in the price
onSignal(tampered)
onSignal(tampered.subarray(0, 20)) // cut short

const stranger = new MacKeyring()
stranger.insert(9, crypto.randomBytes(32))
stranger.promote(9)
onSignal(stranger.signSignal(signal(4, 'EURUSD'))) // a key the gateway does not hold

const old = MacKey.fromBytes(legacySecret).signLegacy({ ...signal(5, 'GBPUSD'), volume: 0.25, price: 1.2671 })
onLegacyLine(Buffer.from(old.line), old.signature)
onLegacyLine(Buffer.from(old.line.replace('|0.25000|', '|2.50000|')), old.signature) // volume x10

// ---- what happened ----
assert.equal(orders.length, 3, 'two binary signals and one legacy line accepted')
assert.deepEqual(rejected, [
  'TSEAL_REPLAYED',
  'TSEAL_INVALID_SIGNATURE',
  'TSEAL_TRUNCATED',
  'TSEAL_UNKNOWN_KEY',
  'TSEAL_INVALID_SIGNATURE',
])
for (const order of orders) assert.ok(exchangeAccepts(order))
const forged = { ...orders[0], body: Buffer.from(orders[0].body.toString().replace('0.10', '9.10')) }
assert.throws(() => exchangeAccepts(forged), { code: 'TSEAL_INVALID_SIGNATURE' })

console.log(`gateway: ${orders.length} orders signed for the exchange, ${rejected.length} signals rejected (${rejected.join(', ')})`)
console.log(`first order: ${orders[0].method} ${orders[0].path} ${orders[0].body}`)
console.log(`headers: ${Object.keys(orders[0].headers).join(', ')}`)
