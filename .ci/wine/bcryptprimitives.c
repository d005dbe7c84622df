/* Stand-in for Windows 10's bcryptprimitives.dll, which Wine 8 lacks: PDFium (Qt6Pdf.dll) loads it for
 * ProcessPrng and stops the program (0x80000003) without it. Fills the buffer from BCryptGenRandom.
 * Test infrastructure for .ci/windows only; never shipped. */
#include <windows.h>
#include <bcrypt.h>
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size) {
        ULONG chunk = size > 0x10000000 ? 0x10000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
