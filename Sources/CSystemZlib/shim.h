// zlib from the system (zlib1g-dev), for the PNG writer's deflate and CRC-32.
#include <zlib.h>
// Named CSystemZlib because ZIPFoundation (a dependency of Frames) already declares a `CZlib`
// module, and two modules of one name cannot meet in one build.
