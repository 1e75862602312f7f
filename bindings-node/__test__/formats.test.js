// Signed formats through the Node API: round trips and the misuse cases (the vectors cover the bytes).
'use strict'
const assert = require('node:assert/strict')
const { test } = require('node:test')
const { tradeseal, throwsTseal } = require('./support')
const { MacKey, MacKeyring } = tradeseal

const ring = new MacKeyring()
ring.insert(3, Buffer.alloc(32, 3))
ring.promote(3)
const key = MacKey.fromBytes(Buffer.alloc(32, 5))

const signal = {
  subscriptionId: '6f9619ff-8b86-d011-b42d-00c04fc964ff',
  sequence: 42,
  generatedAtMs: 1700000000000n,
  symbol: 'EURUSD',
  orderType: 2,
  volume: { units: 10, decimals: 2 },
  price: { units: 108125n, decimals: 5 },
}

test('signal round trip: numbers or bigints in, bigints out', () => {
  const signed = ring.signSignal(signal)
  assert.ok(Buffer.isBuffer(signed))
  const got = ring.verifySignal(new Uint8Array(signed))
  assert.deepEqual(got, {
    keyId: 3,
    subscriptionId: signal.subscriptionId,
    sequence: 42n,
    generatedAtMs: 1700000000000n,
    symbol: 'EURUSD',
    orderType: 2,
    orderTypeName: 'BUY_LIMIT',
    volume: { units: 10n, decimals: 2 },
    price: { units: 108125n, decimals: 5 },
  })
  assert.deepEqual(ring.signSignal({ ...signal, sequence: 42n }), signed)
  throwsTseal(() => new MacKeyring().verifySignal(signed), 'TSEAL_UNKNOWN_KEY')
  throwsTseal(() => new MacKeyring().signSignal(signal), 'TSEAL_NO_PRIMARY_KEY')
})

test('signal fields: wrong types are TypeErrors, out-of-range integers RangeErrors, bad values Errors', () => {
  for (const [field, bad] of [['subscriptionId', 7], ['sequence', '42'], ['symbol', null], ['orderType', '0']]) {
    throwsTseal(() => ring.signSignal({ ...signal, [field]: bad }), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  }
  // A missing field is reported by napi-rs itself (a plain Error naming the field), before tradeseal runs.
  assert.throws(() => ring.signSignal({ ...signal, generatedAtMs: undefined }), /generatedAtMs/)
  throwsTseal(() => ring.signSignal({ ...signal, volume: { units: 'ten', decimals: 2 } }), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  for (const [field, bad] of [['sequence', -1], ['sequence', 1.5], ['sequence', 2n ** 64n], ['sequence', -1n], ['generatedAtMs', 2 ** 53], ['orderType', 256]]) {
    throwsTseal(() => ring.signSignal({ ...signal, [field]: bad }), 'TSEAL_OUT_OF_RANGE', 'RangeError')
  }
  throwsTseal(() => ring.signSignal({ ...signal, volume: { units: 2n ** 63n, decimals: 2 } }), 'TSEAL_OUT_OF_RANGE', 'RangeError')
  assert.equal(ring.verifySignal(ring.signSignal({ ...signal, sequence: 2n ** 64n - 1n })).sequence, 2n ** 64n - 1n)
  throwsTseal(() => ring.signSignal({ ...signal, subscriptionId: 'not-a-uuid' }), 'TSEAL_INVALID_UUID')
  throwsTseal(() => ring.signSignal({ ...signal, symbol: '' }), 'TSEAL_INVALID_SYMBOL')
  throwsTseal(() => ring.signSignal({ ...signal, orderType: 99 }), 'TSEAL_INVALID_ORDER_TYPE')
  throwsTseal(() => ring.signSignal({ ...signal, price: { units: -1, decimals: 5 } }), 'TSEAL_INVALID_NUMBER')
  throwsTseal(() => ring.verifySignal('packet'), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
})

test('frame round trip and payload limit', () => {
  const frame = { streamId: 1n, sequence: 2, timestampNs: 3n, payload: Buffer.from('tick') }
  const signed = ring.signFrame(frame)
  const got = ring.verifyFrame(signed)
  assert.deepEqual(got, { keyId: 3, streamId: 1n, sequence: 2n, timestampNs: 3n, payload: Buffer.from('tick') })
  assert.ok(Buffer.isBuffer(got.payload))
  assert.deepEqual(ring.verifyFrame(signed, 4).payload, Buffer.from('tick'))
  throwsTseal(() => ring.verifyFrame(signed, 3), 'TSEAL_FRAME_TOO_LARGE')
  throwsTseal(() => ring.verifyFrame(signed, -1), 'TSEAL_OUT_OF_RANGE', 'RangeError')
  throwsTseal(() => ring.signFrame({ ...frame, payload: 'tick' }), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
})

test('legacy lines and request signatures', () => {
  const signed = key.signLegacy({ ...signal, volume: 0.1, price: 1.08125 })
  assert.match(signed.line, /\|0\.10000\|1\.08125$/)
  assert.match(signed.signature, /^[0-9a-f]{64}$/)
  assert.equal(key.verifyLegacy(Buffer.from(signed.line), signed.signature).sequence, 42n)
  assert.equal(key.verifyLegacy(Buffer.from(signed.line), signed.signature).keyId, undefined)
  throwsTseal(() => key.verifyLegacy(Buffer.from(signed.line), '00'), 'TSEAL_INVALID_SIGNATURE')
  throwsTseal(() => key.signLegacy({ ...signal, volume: NaN, price: 1 }), 'TSEAL_INVALID_NUMBER')
  throwsTseal(() => key.signLegacy({ ...signal, volume: '0.1', price: 1 }), 'TSEAL_INVALID_ARGUMENT', 'TypeError')

  const request = { method: 'POST', path: '/api/v3/order', timestampMs: 1700000000000, nonce: 'n-1', body: Buffer.from('{}') }
  const headers = key.signRequest(request, 'api-key-1')
  assert.deepEqual(Object.keys(headers.headers).sort(), ['X-API-Key', 'X-Nonce', 'X-Signature', 'X-Timestamp'])
  assert.equal(headers.headers['X-Signature'], headers.signature)
  const received = { method: 'POST', path: '/api/v3/order', timestamp: headers.timestamp, nonce: headers.nonce, body: new Uint8Array(Buffer.from('{}')) }
  assert.equal(key.verifyRequest(received, headers.signature), undefined)
  throwsTseal(() => key.verifyRequest({ ...received, body: Buffer.from('{ }') }, headers.signature), 'TSEAL_INVALID_SIGNATURE')
  throwsTseal(() => key.verifyRequest({ ...received, timestamp: '01' }, headers.signature), 'TSEAL_MALFORMED')
  throwsTseal(() => key.signRequest({ ...request, path: '/a\nb' }, 'k'), 'TSEAL_FORBIDDEN_CHARACTER')
  throwsTseal(() => key.signRequest(request, 5), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
})

test('decimalFromNumber rounds like printf', () => {
  assert.deepEqual(tradeseal.decimalFromNumber(1.005, 2), { units: 100n, decimals: 2 })
  assert.deepEqual(tradeseal.decimalFromNumber(0.1, 5), { units: 10000n, decimals: 5 })
  throwsTseal(() => tradeseal.decimalFromNumber(-1, 2), 'TSEAL_INVALID_NUMBER')
  throwsTseal(() => tradeseal.decimalFromNumber('1', 2), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  throwsTseal(() => tradeseal.decimalFromNumber(1, 256), 'TSEAL_OUT_OF_RANGE', 'RangeError')
})

test('object arguments: a non-object or a missing field is a TypeError with a code, at any depth', () => {
  const { NoiseSession, StreamGuard, SignalVerifier, argon2id } = tradeseal
  for (const notObject of [5, 'signal', null, undefined, true, 1n]) {
    throwsTseal(() => ring.signSignal(notObject), 'TSEAL_INVALID_ARGUMENT', 'TypeError', 3)
    throwsTseal(() => ring.signFrame(notObject), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
    throwsTseal(() => NoiseSession.initiator(notObject, 1), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  }
  for (const field of Object.keys(signal)) {
    const { [field]: _, ...missing } = signal
    assert.throws(() => ring.signSignal(missing), (err) => {
      assert.equal(err.constructor.name, 'TypeError')
      assert.equal(err.code, 'TSEAL_INVALID_ARGUMENT')
      assert.match(err.message, new RegExp(field))
      return true
    })
  }
  throwsTseal(() => ring.signSignal({ ...signal, volume: 5 }), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  throwsTseal(() => ring.signSignal({ ...signal, price: { units: 1 } }), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  throwsTseal(() => NoiseSession.initiator({ limits: 'none' }, 1), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  throwsTseal(() => new StreamGuard(5), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  throwsTseal(() => new SignalVerifier(5), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  throwsTseal(() => argon2id(Buffer.alloc(1), Buffer.alloc(16), 'fast', 32), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  // Optional objects may be left out, and a field's own error keeps its class.
  new StreamGuard()
  throwsTseal(() => ring.signSignal({ ...signal, sequence: -1 }), 'TSEAL_OUT_OF_RANGE', 'RangeError')
})
