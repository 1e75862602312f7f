// The hot methods (MacKey.signInto/verify, NoiseSession.writeMessageInto/readMessageInto) bind themselves to
// their instance on its first hot call (src/direct.rs): what that changes, and that a bound method keeps its
// instance's state alive on its own.
'use strict'
const assert = require('node:assert/strict')
const { test } = require('node:test')
const v8 = require('node:v8')
const vm = require('node:vm')
const { tradeseal, throwsTseal } = require('./support')
const { MacKey, NoiseKeypair, NoiseSession } = tradeseal

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc')

const KEY = Buffer.alloc(32, 7)
const MESSAGE = Buffer.from('BUY 1.00 EURUSD')
const TAG = MacKey.fromBytes(KEY).sign(MESSAGE)
const NOW = 1000

/** A fresh pair of transport sessions (XX), handshaken through the napi-derive methods (nothing bound). */
function sessions() {
  const [a, b] = [NoiseKeypair.generate(), NoiseKeypair.generate()]
  const initiator = NoiseSession.initiator({ localKeypair: a, allowPeers: [b.publicKey] }, NOW)
  const responder = NoiseSession.responder({ localKeypair: b, allowPeers: [a.publicKey] }, NOW)
  responder.readMessage(NOW, initiator.writeMessage(NOW, Buffer.alloc(0)))
  initiator.readMessage(NOW, responder.writeMessage(NOW, Buffer.alloc(0)))
  responder.readMessage(NOW, initiator.writeMessage(NOW, Buffer.alloc(0)))
  return { initiator, responder }
}

/** Writes `payload` from `from` through writeMessageInto and reads it at `to`. */
function roundTrip(from, to, payload) {
  const wire = Buffer.alloc(payload.length + 16)
  const out = Buffer.alloc(payload.length)
  from.writeMessageInto(NOW, payload, wire)
  assert.equal(to.readMessageInto(NOW, wire, out), payload.length)
  return out
}

const CLASSES = [
  [MacKey, ['signInto', 'verify'], () => MacKey.fromBytes(KEY), (key) => key.verify(MESSAGE, TAG)],
  [NoiseSession, ['writeMessageInto', 'readMessageInto'], () => sessions().initiator,
    (session) => session.writeMessageInto(NOW, MESSAGE, Buffer.alloc(MESSAGE.length + 16))],
]

for (const [Class, names, make, hotCall] of CLASSES) {
  test(`${Class.name}: the first hot call binds every hot method as an own, non-enumerable property`, () => {
    const instance = make()
    for (const name of names) assert.equal(instance[name], Class.prototype[name])
    hotCall(instance)
    for (const name of names) {
      const own = Object.getOwnPropertyDescriptor(instance, name)
      assert.ok(own, name)
      assert.deepEqual([own.writable, own.enumerable, own.configurable], [true, false, true])
      assert.notEqual(own.value, Class.prototype[name])
      assert.equal(own.value.name, name)
    }
    assert.deepEqual(Object.keys(instance), [])
    // The prototype's methods still check `this`.
    throwsTseal(() => Class.prototype[names[0]].call({}, NOW, MESSAGE, Buffer.alloc(64)), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  })

  test(`${Class.name}: a frozen instance stays unbound and keeps working`, () => {
    const instance = Object.freeze(make())
    for (let i = 0; i < 3; i++) hotCall(instance)
    for (const name of names) assert.equal(instance[name], Class.prototype[name])
  })
}

test('a bound method ignores `this`, like one made with bind', () => {
  const key = MacKey.fromBytes(KEY)
  const other = MacKey.generate()
  key.verify(MESSAGE, TAG)
  const out = Buffer.alloc(32)
  key.signInto.call(other, MESSAGE, out)
  assert.deepEqual(out, TAG)
  const { signInto } = key
  signInto(MESSAGE, out.fill(0))
  assert.deepEqual(out, TAG)
})

test('bound and napi-derive methods share the session: one nonce sequence', () => {
  const { initiator, responder } = sessions()
  for (let i = 0; i < 4; i++) {
    assert.deepEqual(roundTrip(initiator, responder, MESSAGE), MESSAGE)
    assert.deepEqual(responder.readMessage(NOW, initiator.writeMessage(NOW, MESSAGE)), MESSAGE)
  }
  assert.ok(Object.hasOwn(initiator, 'writeMessageInto'))
})

/** Runs full collections until `collected()` holds (a FinalizationRegistry saw the instance go). */
async function collectUntil(collected) {
  for (let round = 0; round < 50 && !collected(); round++) {
    gc()
    await new Promise(setImmediate)
  }
  assert.ok(collected(), 'the instance was not collected')
}

test('a bound method outlives its collected instance and still uses its state', async () => {
  let gone = 0
  const registry = new FinalizationRegistry(() => gone++)
  // Made in a function so that no reference to the instances stays on this frame.
  const detach = () => {
    const key = MacKey.fromBytes(KEY)
    key.verify(MESSAGE, TAG)
    registry.register(key, 'key')
    const { initiator, responder } = sessions()
    roundTrip(initiator, responder, MESSAGE)
    registry.register(initiator, 'initiator')
    registry.register(responder, 'responder')
    return { signInto: key.signInto, verify: key.verify, write: initiator.writeMessageInto, read: responder.readMessageInto }
  }
  const { signInto, verify, write, read } = detach()
  await collectUntil(() => gone === 3)
  // The key is zeroized when its state is dropped: a right tag shows it is still alive.
  const out = Buffer.alloc(32)
  signInto(MESSAGE, out)
  assert.deepEqual(out, TAG)
  verify(MESSAGE, TAG)
  throwsTseal(() => verify(Buffer.from('SELL'), TAG), 'TSEAL_INVALID_SIGNATURE')
  const wire = Buffer.alloc(MESSAGE.length + 16)
  const payload = Buffer.alloc(MESSAGE.length)
  for (let i = 0; i < 3; i++) {
    write(NOW, MESSAGE, wire)
    assert.equal(read(NOW, wire, payload), MESSAGE.length)
    assert.deepEqual(payload, MESSAGE)
  }
})
