/*
 * TEST-ONLY stand-in for Windows' bcryptprimitives.dll, which Debian's wine 8.0 lacks (wine >= 8.13 and
 * every Windows 10+ have it). Rust's std imports ProcessPrng from it, so tradeseal.dll does too.
 * scripts/test-mql5.sh builds this next to the harness in a temporary test directory only.
 * NEVER ship it: on Windows the real system DLL must be used.
 */
#include <windows.h>

/* advapi32's RtlGenRandom, exported under this name. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG chunk = len > 0x10000000u ? 0x10000000u : (ULONG)len;
    if (!SystemFunction036(data, chunk)) {
      return FALSE;
    }
    data += chunk;
    len -= chunk;
  }
  return TRUE;
}
