/* The C half of CFuse. As in swift-nio's CNIOLinux shim, _GNU_SOURCE is defined here, in
   the one translation unit that needs it, and never in the header: the header is part of a
   Clang module that Foundation's and Dispatch's modules meet, and defining it there gives
   "'flock' has different definitions in different modules". Here it makes glibc declare
   the GNU calls (syncfs, copy_file_range) and O_DIRECT, so none is re-declared by hand. */
#ifdef __linux__
#define _GNU_SOURCE
#include "CFuse.h"

#include <fcntl.h>
#include <linux/fuse.h>
#include <string.h>
#include <sys/stat.h>
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

struct fuse_session *CFuse_sessionNew(int argc, char **argv, const struct fuse_lowlevel_ops *ops, void *userdata) {
    struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
    struct fuse_session *session = fuse_session_new(&args, ops, sizeof(*ops), userdata);
    fuse_opt_free_args(&args);
    return session;
}

int CFuse_sessionLoopMultiThreaded(struct fuse_session *session, unsigned int maxThreads,
                                   unsigned int maxIdleThreads) {
    struct fuse_loop_config *config = fuse_loop_cfg_create();
    if (config == NULL) {
        return -1;
    }
    fuse_loop_cfg_set_max_threads(config, maxThreads);
    fuse_loop_cfg_set_idle_threads(config, maxIdleThreads);
    int result = fuse_session_loop_mt(session, config);
    fuse_loop_cfg_destroy(config);
    return result;
}

void CFuse_configureConnection(struct fuse_conn_info *connection, unsigned int maxWrite) {
    connection->want &= ~FUSE_CAP_WRITEBACK_CACHE;
    /* O_TRUNC then arrives as a size change, which passes the freeze gate and the
       copy-on-write store like any other change. */
    connection->want &= ~FUSE_CAP_ATOMIC_O_TRUNC;
    if (maxWrite > 0) {
        connection->max_write = maxWrite;
    }
}

int CFuse_syncfs(int fd) {
    return syncfs(fd);
}

long CFuse_copyFileRange(int input, long long *inputOffset, int output, long long *outputOffset,
                         unsigned long count) {
    off_t in = *inputOffset, out = *outputOffset;
    ssize_t copied = copy_file_range(input, &in, output, &out, count, 0);
    *inputOffset = in;
    *outputOffset = out;
    return copied;
}

int CFuse_openDirectFlag(void) {
    return O_DIRECT;
}

long CFuse_utimeNow(void) {
    return UTIME_NOW;
}

long CFuse_utimeOmit(void) {
    return UTIME_OMIT;
}

void CFuse_setDirectIO(struct fuse_file_info *info, int on) {
    info->direct_io = on ? 1 : 0;
}

void CFuse_setKeepCache(struct fuse_file_info *info, int on) {
    info->keep_cache = on ? 1 : 0;
}

int CFuse_replyOpenDirectParallel(fuse_req_t request, uint64_t handle) {
    /* libfuse 3.14's fuse_file_info has no field for FOPEN_PARALLEL_DIRECT_WRITES, so the
       reply is the kernel's fuse_open_out itself, sent as fuse_reply_open sends it. */
    struct fuse_open_out reply;
    memset(&reply, 0, sizeof reply);
    reply.fh = handle;
    reply.open_flags = FOPEN_DIRECT_IO | FOPEN_PARALLEL_DIRECT_WRITES;
    return fuse_reply_buf(request, (const char *)&reply, sizeof reply);
}
#endif
