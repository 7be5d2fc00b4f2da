#define QX_SCANNER_NS generic
#include "scanner_core.inc"
