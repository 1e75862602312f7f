// The package entry: the addon as the generated loader (index.js) exports it, plus `MacKey.prototype.sign`.
//
// A Buffer that native code creates (napi_create_buffer_copy) costs a fresh ArrayBuffer backing store,
// several times the HMAC itself, while a slice of a pool costs next to nothing. So `sign` writes its tag
// into a slice of a pool that only tradeseal tags share (never a secret, never another library's data)
// through the allocation-free `signInto`. Everything else is the addon's own.
'use strict'
const binding = require('./index.js')

const { MacKey, MAC_TAG_BYTES } = binding
const signInto = MacKey.prototype.signInto

/** Bytes per pool; a full pool is left to the garbage collector once its last tag is. */
const POOL_BYTES = 8192
let pool = new ArrayBuffer(POOL_BYTES)
let used = 0

/** A new MAC_TAG_BYTES-byte Buffer, sliced from the tag pool. */
function tagBuffer() {
  if (used + MAC_TAG_BYTES > POOL_BYTES) {
    pool = new ArrayBuffer(POOL_BYTES)
    used = 0
  }
  const tag = Buffer.from(pool, used, MAC_TAG_BYTES)
  used += MAC_TAG_BYTES
  return tag
}

Object.defineProperty(MacKey.prototype, 'sign', {
  value: function sign(message) {
    const tag = tagBuffer()
    // A key's own `signInto`, bound to it by its first hot call (src/direct.rs); the prototype's checks
    // `this` and throws the binding's TypeError for anything that is not a MacKey.
    const into = this instanceof MacKey ? this.signInto : signInto
    into.call(this, message, tag)
    return tag
  },
  writable: true,
  enumerable: true,
  configurable: true,
})

module.exports = binding
