// How each tests/vectors op is run through the Node API: `op(input) -> output fields`. Byte outputs are
// Buffers (compared as hex). An op missing here fails the vector test: every op must be bound.
'use strict'
const { tradeseal, hex } = require('./support')

/** A MacKeyring from the vectors' `"keys": [{"id", "key", "primary"}]`. */
function macKeyring(keys) {
  const ring = new tradeseal.MacKeyring()
  for (const { id, key, primary } of keys) {
    ring.insert(id, hex(key))
    if (primary) ring.promote(id)
  }
  return ring
}

const ops = {
  mac_sign: (i) => ({ tag: tradeseal.MacKey.fromBytes(hex(i.key)).sign(hex(i.message)) }),
  mac_verify: (i) => tradeseal.MacKey.fromBytes(hex(i.key)).verify(hex(i.message), hex(i.tag)),
}

module.exports = { ops, macKeyring }
