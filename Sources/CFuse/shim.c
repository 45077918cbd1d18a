#include "CFuse.h"

#ifdef __linux__
#include <fcntl.h>
#include <unistd.h>

int CFuse_version(void) {
    return fuse_version();
}

int CFuse_deviceUsable(void) {
    int fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    close(fd);
    return 1;
}
#endif
