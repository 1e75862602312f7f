// Noise session export and import through the Node API (the byte format is pinned by
// tests/vectors/noise_session.json; this checks the live round trip and the nonce reservation).
'use strict'
const assert = require('node:assert/strict')
const { test } = require('node:test')
const { tradeseal } = require('./support')

const { NoiseKeypair, NoiseSession, SealingKeyring } = tradeseal

function pair(mode) {
  const [a, b] = [NoiseKeypair.generate(), NoiseKeypair.generate()]
  const options = (me, peer) => ({ mode, localPrivateKey: me.privateKey(), allowPeers: [peer.publicKey] })
  const sides = [NoiseSession.initiator(options(a, b), 0), NoiseSession.responder(options(b, a), 0)]
  for (let n = 0; n < 3; n++) {
    const [from, to] = n % 2 === 0 ? sides : [sides[1], sides[0]]
    to.readMessage(0, from.writeMessage(0, Buffer.alloc(0)))
  }
  return { sides, options: options(a, b) }
}

function keyring() {
  const ring = new SealingKeyring()
  ring.insert(1, 2, Buffer.alloc(32, 9))
  ring.promote(1)
  return ring
}

test('a datagram export reserves nonces and the import continues after them', () => {
  const { sides: [a, b], options } = pair('datagram')
  const saved = a.exportSession(5, keyring(), 10n)
  const restored = NoiseSession.importSession(options, 6, keyring(), saved)
  assert.equal(restored.state, 'TRANSPORT')
  assert.deepEqual(restored.handshakeHash(), b.handshakeHash())
  const message = restored.writeMessage(6, Buffer.from('after restart'))
  assert.equal(message.readBigUInt64BE(0), 10n)
  assert.equal(b.readMessage(6, message).toString(), 'after restart')
  for (let n = 0; n < 10; n++) a.writeMessage(6, Buffer.from('live'))
  assert.throws(() => a.writeMessage(6, Buffer.from('past the reservation')), { code: 'TSEAL_SESSION_EXPIRED' })
})

test('a stream export is a hand-off and import checks the envelope', () => {
  const { sides: [a], options } = pair('stream')
  assert.throws(() => a.exportSession(5, keyring(), 1n), { code: 'TSEAL_INVALID_ARGUMENT' })
  const saved = a.exportSession(5, keyring(), 0n)
  assert.equal(a.state, 'EXPIRED')
  saved[saved.length - 1] ^= 1
  assert.throws(() => NoiseSession.importSession(options, 6, keyring(), saved), { code: 'TSEAL_DECRYPT_FAILED' })
})

test('stream frames survive any split and refuse oversized messages', () => {
  const { NoiseFrameDecoder, encodeNoiseFrame } = tradeseal
  const messages = [Buffer.from('BUY 1'), Buffer.alloc(0), Buffer.alloc(65535, 7)]
  const wire = Buffer.concat(messages.map((m) => encodeNoiseFrame(m)))
  assert.equal(wire.readUInt16BE(0), 5)
  for (const size of [1, 3, 4096, wire.length]) {
    const decoder = new NoiseFrameDecoder()
    const got = []
    for (let at = 0; at < wire.length; at += size) {
      let chunk = wire.subarray(at, at + size)
      while (chunk.length > 0) {
        chunk = chunk.subarray(decoder.feed(chunk))
        const frame = decoder.takeFrame()
        if (frame !== null) got.push(frame)
      }
    }
    const last = decoder.takeFrame()
    if (last !== null) got.push(last)
    assert.deepEqual(got, messages, `chunks of ${size}`)
  }
  assert.throws(() => encodeNoiseFrame(Buffer.alloc(65536)), { code: 'TSEAL_FRAME_TOO_LARGE' })
})
