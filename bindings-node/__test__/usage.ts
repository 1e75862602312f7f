// Type-checked (tsc --noEmit) against index.d.ts by scripts/test-node.sh; not run. Shows the typed API
// and, through @ts-expect-error, that misuse is a compile error.
import { MacKey, MacKeyring, version, type Bytes, type TradesealError } from '..'

const key: MacKey = MacKey.generate()
const message: Bytes = Buffer.from('BUY 1.00 EURUSD')
const tag: Buffer = key.sign(message)
key.verify(new Uint8Array(message), tag)
MacKey.fromHex('0b'.repeat(32)).sign(new Uint8Array(4))

const ring = new MacKeyring()
ring.insert(1, Buffer.alloc(32, 7))
ring.promote(1)
const primary: number = ring.primaryId
const ids: number[] = ring.ids()
const size: number = ring.size
const v: string = version()

try {
  key.verify(message, Buffer.alloc(32))
} catch (e) {
  const err = e as TradesealError
  const code: string = err.code
  const errno: number = err.errno
  console.log(code, errno, primary, ids, size, v)
}

// @ts-expect-error a string is not bytes
key.sign('BUY')
// @ts-expect-error verify returns nothing: failure throws
const ok: boolean = key.verify(message, tag)
// @ts-expect-error key ids are numbers
ring.promote('1')
void ok
