/* Stand-in for Windows 10's system icuuc.dll, which Wine 8 lacks and Qt6Core.dll imports (ucnv_*: ICU codecs).
 * ucnv_open fails (U_FILE_ACCESS_ERROR), so Qt falls back to its own codecs and never calls the rest.
 * Test infrastructure for .ci/windows only; never shipped. */
#include <stddef.h>
#define EXPORT __declspec(dllexport)
EXPORT void *ucnv_open(const char *name, int *status) { (void)name; if (status) *status = 4; return NULL; }
EXPORT void ucnv_close(void *conv) { (void)conv; }
EXPORT void ucnv_reset(void *conv) { (void)conv; }
EXPORT int ucnv_countAvailable(void) { return 0; }
#define NOTHING(name) EXPORT void *name(void) { return NULL; }
NOTHING(UCNV_FROM_U_CALLBACK_SUBSTITUTE)
NOTHING(UCNV_TO_U_CALLBACK_SUBSTITUTE)
NOTHING(ucnv_getMaxCharSize)
NOTHING(ucnv_getName)
NOTHING(ucnv_getToUCallBack)
NOTHING(ucnv_getFromUCallBack)
NOTHING(ucnv_setToUCallBack)
NOTHING(ucnv_setFromUCallBack)
NOTHING(ucnv_cbToUWriteUChars)
NOTHING(ucnv_toUnicode)
NOTHING(ucnv_cbFromUWriteUChars)
NOTHING(ucnv_toUCountPending)
NOTHING(ucnv_fromUCountPending)
NOTHING(ucnv_getStandardName)
NOTHING(ucnv_getAvailableName)
NOTHING(ucnv_fromUnicode)
