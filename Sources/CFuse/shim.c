#include "CFuse.h"

#ifdef __linux__
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

int CFuse_sessionLoopMultiThreaded(struct fuse_session *session, unsigned int maxIdleThreads) {
    struct fuse_loop_config *config = fuse_loop_cfg_create();
    if (config == NULL) {
        return -1;
    }
    fuse_loop_cfg_set_max_threads(config, 16);
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

extern int syncfs(int fd);

int CFuse_syncfs(int fd) {
    return syncfs(fd);
}

extern ssize_t copy_file_range(int fd_in, __off64_t *off_in, int fd_out, __off64_t *off_out, size_t len,
                               unsigned int flags);

long CFuse_copyFileRange(int input, long long *inputOffset, int output, long long *outputOffset,
                         unsigned long count) {
    __off64_t in = *inputOffset, out = *outputOffset;
    ssize_t copied = copy_file_range(input, &in, output, &out, count, 0);
    *inputOffset = in;
    *outputOffset = out;
    return copied;
}

int CFuse_openDirectFlag(void) {
    /* glibc spells it O_DIRECT only under _GNU_SOURCE, which this target must not define. */
    return __O_DIRECT;
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
