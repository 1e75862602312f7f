// Type-checked (tsc --noEmit) against index.d.ts by scripts/test-node.sh; not run. Shows the typed API
// and, through @ts-expect-error, that misuse is a compile error.
import {
  MacKey,
  MacKeyring,
  decimalFromNumber,
  argon2idAsync,
  MasterKey,
  NoiseKeypair,
  NoiseSession,
  SealingKeyring,
  AES_256_GCM,
  SignalVerifier,
  version,
  type Bytes,
  type SignalInit,
  type TradesealError,
  type VerifiedSignal,
} from '..'

const key: MacKey = MacKey.generate()
const message: Bytes = Buffer.from('BUY 1.00 EURUSD')
const tag: Buffer = key.sign(message)
key.verify(new Uint8Array(message), tag)
MacKey.fromHex('0b'.repeat(32)).sign(new Uint8Array(4))
key.signInto(message, new Uint8Array(32))

const pair = NoiseKeypair.generate()
const session: NoiseSession = NoiseSession.initiator({ localKeypair: pair, allowPeers: [pair.publicKey] }, Date.now())
const written: number = session.writeMessageInto(Date.now(), message, Buffer.alloc(65535))
const payloadLength: number = session.readMessageInto(1n, Buffer.alloc(written), new Uint8Array(written))
void payloadLength

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

const init: SignalInit = {
  subscriptionId: '6f9619ff-8b86-d011-b42d-00c04fc964ff',
  sequence: 1n,
  generatedAtMs: Date.now(),
  symbol: 'EURUSD',
  orderType: 0,
  volume: decimalFromNumber(0.1, 2),
  price: { units: 108125, decimals: 5 },
}
const signal: VerifiedSignal = ring.verifySignal(ring.signSignal(init))
const sequence: bigint = signal.sequence
const frame = ring.verifyFrame(ring.signFrame({ streamId: 1, sequence: 1, timestampNs: 1n, payload: tag }), 1024)
const payload: Buffer = frame.payload
const headers: Record<string, string> = key.signRequest(
  { method: 'GET', path: '/api', timestampMs: Date.now(), nonce: 'n', body: Buffer.alloc(0) },
  'api-key',
).headers
const line = key.signLegacy({ ...init, volume: 0.1, price: 1.08125 })
key.verifyLegacy(Buffer.from(line.line), line.signature)
console.log(sequence, payload, headers)

async function keys(): Promise<Buffer> {
  const params = { memoryKib: 19456, passes: 2, lanes: 1 }
  const master: MasterKey = await MasterKey.fromPasswordAsync(Buffer.from('pw'), Buffer.alloc(16), params)
  const sealed = new SealingKeyring()
  sealed.insert(1, AES_256_GCM, master.derive('aead', Buffer.alloc(0), 32))
  sealed.promote(1)
  const verifier = new SignalVerifier({ maxAgeMs: 60_000 }, { window: 1024 })
  verifier.verify(ring, ring.signSignal(init), Date.now())
  return argon2idAsync(Buffer.from('pw'), Buffer.alloc(16), params, 32)
}
void keys

// @ts-expect-error a string is not bytes
key.sign('BUY')
// @ts-expect-error verify returns nothing: failure throws
const ok: boolean = key.verify(message, tag)
// @ts-expect-error localKeypair is a NoiseKeypair, not its bytes
NoiseSession.responder({ localKeypair: pair.privateKey() }, 0)
// @ts-expect-error key ids are numbers
ring.promote('1')
void ok
// @ts-expect-error volume is fixed-point, not a float, in the binary signal format
ring.signSignal({ ...init, volume: 0.1 })
