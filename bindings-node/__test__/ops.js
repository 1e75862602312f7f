// How each tests/vectors op is run through the Node API: `op(input) -> output fields`, mirroring the Rust
// dispatcher in core/tests/vectors.rs. Byte outputs are Buffers, u64/i64 outputs bigints (compared as
// hex and decimal strings). An op missing here fails the vector test: every op must be bound.
'use strict'
const { tradeseal, hex } = require('./support')
const { MacKey, MacKeyring } = tradeseal

/** Inputs that are bytes (hex in JSON); every other string input is text, tampered in its UTF-8 bytes. */
const BYTE_INPUTS = ['key', 'message', 'tag', 'signed', 'payload', 'body']

/** A MacKeyring from the vectors' `"keys": [{"id", "key", "primary"}]`. */
function macKeyring(keys) {
  const ring = new MacKeyring()
  for (const { id, key, primary } of keys) {
    ring.insert(id, hex(key))
    if (primary) ring.promote(id)
  }
  return ring
}

const key = (i) => MacKey.fromBytes(hex(i.key))
const decimal = (i, prefix) => ({ units: BigInt(i[`${prefix}_units_str`]), decimals: i[`${prefix}_decimals`] })

/** The outputs every op that yields a signal reports, as the vectors name them. */
function signalOut(s) {
  return {
    subscription_id: s.subscriptionId,
    sequence_str: s.sequence.toString(),
    generated_at_ms_str: s.generatedAtMs.toString(),
    symbol: s.symbol,
    order_type: s.orderType,
    volume_units_str: s.volume.units.toString(),
    volume_decimals: s.volume.decimals,
    price_units_str: s.price.units.toString(),
    price_decimals: s.price.decimals,
  }
}

const ops = {
  mac_sign: (i) => ({ tag: key(i).sign(hex(i.message)) }),
  mac_verify: (i) => key(i).verify(hex(i.message), hex(i.tag)),
  frame_sign: (i) => ({
    signed: macKeyring(i.keys).signFrame({
      streamId: BigInt(i.stream_id_str),
      sequence: BigInt(i.sequence_str),
      timestampNs: BigInt(i.timestamp_ns_str),
      payload: hex(i.payload),
    }),
  }),
  frame_verify: (i) => {
    const f = macKeyring(i.keys).verifyFrame(hex(i.signed), i.max_payload)
    return {
      key_id: f.keyId,
      stream_id_str: f.streamId.toString(),
      sequence_str: f.sequence.toString(),
      timestamp_ns_str: f.timestampNs.toString(),
      payload: f.payload,
    }
  },
  signal_sign: (i) => ({
    signed: macKeyring(i.keys).signSignal({
      subscriptionId: i.subscription_id,
      sequence: BigInt(i.sequence_str),
      generatedAtMs: BigInt(i.generated_at_ms_str),
      symbol: i.symbol,
      orderType: i.order_type,
      volume: decimal(i, 'volume'),
      price: decimal(i, 'price'),
    }),
  }),
  signal_verify: (i) => {
    const s = macKeyring(i.keys).verifySignal(hex(i.signed))
    return { ...signalOut(s), key_id: s.keyId }
  },
  decimal_from_f64: (i) => ({ units_str: tradeseal.decimalFromNumber(Number(i.value), i.decimals).units.toString() }),
  legacy_sign: (i) => {
    const signed = key(i).signLegacy({
      subscriptionId: i.subscription_id,
      sequence: BigInt(i.sequence_str),
      generatedAtMs: BigInt(i.generated_at_ms_str),
      symbol: i.symbol,
      orderType: i.order_type,
      volume: Number(i.volume),
      price: Number(i.price),
    })
    return { line: signed.line, signature: signed.signature }
  },
  legacy_verify: (i) => signalOut(key(i).verifyLegacy(Buffer.from(i.line, 'utf8'), i.signature)),
  request_sign: (i) => {
    const request = {
      method: i.method,
      path: i.path,
      timestampMs: BigInt(i.timestamp_ms_str),
      nonce: i.nonce,
      body: hex(i.body),
    }
    const h = key(i).signRequest(request, i.api_key)
    return { x_api_key: h.apiKey, x_timestamp: h.timestamp, x_nonce: h.nonce, x_signature: h.signature }
  },
  request_verify: (i) => {
    const request = { method: i.method, path: i.path, timestamp: i.timestamp, nonce: i.nonce, body: hex(i.body) }
    key(i).verifyRequest(request, i.signature)
    return {}
  },
}

module.exports = { ops, macKeyring, BYTE_INPUTS }
