// Built with -mavx2 -mbmi -mbmi2 -mpopcnt -mlzcnt (see CMakeLists.txt); used only when the CPU has them.
#define QX_SCANNER_NS x86v3
#include "scanner_core.inc"
