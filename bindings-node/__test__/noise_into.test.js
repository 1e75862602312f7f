// NoiseSession's allocation-free transport methods (writeMessageInto, readMessageInto) and the localKeypair
// option (the Noise vectors run through ops.js; export and import are in noise.test.js).
'use strict'
const assert = require('node:assert/strict')
const { test } = require('node:test')
const { tradeseal, throwsTseal } = require('./support')
const { NoiseKeypair, NoiseSession } = tradeseal

const NOW = 1000

/** A finished XX handshake between two fresh keypairs, through writeMessageInto/readMessageInto. */
function handshake() {
  const [a, b] = [NoiseKeypair.generate(), NoiseKeypair.generate()]
  const initiator = NoiseSession.initiator({ localKeypair: a, allowPeers: [b.publicKey] }, NOW)
  const responder = NoiseSession.responder({ localKeypair: b, allowPeers: [a.publicKey] }, NOW)
  const [wire, payload] = [Buffer.alloc(65535), Buffer.alloc(65535)]
  for (const [from, to] of [[initiator, responder], [responder, initiator], [initiator, responder]]) {
    const n = from.writeMessageInto(NOW, Buffer.alloc(0), wire)
    assert.equal(to.readMessageInto(NOW, wire.subarray(0, n), payload), 0)
  }
  assert.equal(initiator.state, 'TRANSPORT')
  assert.deepEqual(responder.remoteStatic(), a.publicKey)
  return { a, b, initiator, responder }
}

test('writeMessageInto and readMessageInto: exact sizes, Uint8Array in and out, same bytes as readMessage', () => {
  const { initiator, responder } = handshake()
  const payload = new Uint8Array(Buffer.from('BUY 1.00 EURUSD'))
  const wire = new Uint8Array(payload.length + 16 + 4).fill(9)
  const n = initiator.writeMessageInto(NOW, payload, wire)
  assert.equal(n, payload.length + 16)
  assert.deepEqual([...wire.subarray(n)], [9, 9, 9, 9])
  const out = new Uint8Array(payload.length)
  assert.equal(responder.readMessageInto(NOW, wire.subarray(0, n), out), payload.length)
  assert.deepEqual(out, payload)
  // The two styles share the session's nonces.
  assert.deepEqual(responder.readMessage(NOW, initiator.writeMessage(NOW, payload)), Buffer.from(payload))
  const again = Buffer.alloc(n)
  initiator.writeMessageInto(NOW, payload, again)
  assert.deepEqual(responder.readMessage(NOW, again), Buffer.from(payload))
})

test('into methods: sizes are RangeErrors, overlap and failures Errors, wrong types TypeErrors', () => {
  const { initiator, responder } = handshake()
  const payload = Buffer.alloc(64, 7)
  throwsTseal(() => initiator.writeMessageInto(NOW, payload, Buffer.alloc(79)), 'TSEAL_BUFFER_TOO_SMALL', 'RangeError', 2)
  const wire = Buffer.alloc(160)
  throwsTseal(() => initiator.writeMessageInto(NOW, wire.subarray(0, 64), wire.subarray(32)), 'TSEAL_INVALID_ARGUMENT', 'Error', 3)
  const n = initiator.writeMessageInto(NOW, payload, wire)
  const message = wire.subarray(0, n)
  throwsTseal(() => responder.readMessageInto(NOW, message, Buffer.alloc(63)), 'TSEAL_BUFFER_TOO_SMALL', 'RangeError')
  throwsTseal(() => responder.readMessageInto(NOW, message, wire), 'TSEAL_INVALID_ARGUMENT')
  const tampered = Buffer.from(message)
  tampered[0] ^= 1
  const out = Buffer.alloc(64, 1)
  throwsTseal(() => responder.readMessageInto(NOW, tampered, out), 'TSEAL_DECRYPT_FAILED', 'Error', 120)
  // A failed decrypt moves no nonce: the untampered message still reads.
  assert.equal(responder.readMessageInto(NOW, message, out), 64)
  assert.deepEqual(out, payload)
  throwsTseal(() => responder.readMessageInto(NOW, message, out), 'TSEAL_DECRYPT_FAILED')
  throwsTseal(() => initiator.writeMessageInto('now', payload, wire), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  throwsTseal(() => initiator.writeMessageInto(-1, payload, wire), 'TSEAL_OUT_OF_RANGE', 'RangeError')
  throwsTseal(() => initiator.writeMessageInto(NOW, 'payload', wire), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  throwsTseal(() => initiator.writeMessageInto(NOW, payload), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  for (const other of [{}, undefined, NoiseKeypair.generate(), tradeseal.MacKey.generate()]) {
    throwsTseal(() => NoiseSession.prototype.writeMessageInto.call(other, NOW, payload, wire), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
    throwsTseal(() => NoiseSession.prototype.readMessageInto.call(other, NOW, message, out), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  }
  // Expiry and state errors come through unchanged.
  const fresh = NoiseSession.initiator({ localKeypair: NoiseKeypair.generate(), allowPeers: [message.subarray(0, 32)] }, NOW)
  throwsTseal(() => fresh.readMessageInto(NOW, message, out), 'TSEAL_WRONG_STATE', 'Error', 10)
})

test('localKeypair: the same session as localPrivateKey; not both; only a NoiseKeypair', () => {
  const { a, b } = handshake()
  const fixed = Buffer.alloc(32, 0x42)
  const options = (local) => ({ ...local, remotePublicKey: b.publicKey, fixedEphemeralKeyForTestingOnly: fixed })
  const ik = (local) => NoiseSession.initiator({ protocol: 'Noise_IK_25519_ChaChaPoly_SHA256', ...options(local) }, NOW)
  const first = ik({ localKeypair: a }).writeMessage(NOW, Buffer.from('hi'))
  assert.deepEqual(ik({ localPrivateKey: a.privateKey() }).writeMessage(NOW, Buffer.from('hi')), first)
  throwsTseal(() => ik({ localKeypair: a, localPrivateKey: a.privateKey() }), 'TSEAL_ALREADY_SET', 'Error', 13)
  throwsTseal(() => ik({ localKeypair: a.privateKey() }), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  throwsTseal(() => ik({ localKeypair: tradeseal.MacKey.generate() }), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
})
