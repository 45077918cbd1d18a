/*
 * A plain libfuse3 low-level passthrough file system: the C reference that
 * `snapwriter bench` measures SnapWriter's volume server against.
 *
 *     passthrough SOURCE MOUNTPOINT
 *
 * Serves the directory SOURCE at MOUNTPOINT until unmounted or sent SIGINT/SIGTERM.
 * It is set up the way SnapWriter's volume server is: the multi-threaded loop (at most
 * 16 threads, 4 idle), no writeback cache, no atomic O_TRUNC, max_write 1 MiB, attribute
 * and entry timeouts of one second, default_permissions, plain read and write callbacks
 * (no splice), O_DIRECT dropped on the backing file, and an O_DIRECT open for writing
 * answered with FOPEN_DIRECT_IO and FOPEN_PARALLEL_DIRECT_WRITES (so direct writes to
 * one file reach the server concurrently). Each kernel inode is a struct
 * holding an O_PATH descriptor of the backing file; open files keep their own descriptor
 * in fi->fh.
 */
#define _GNU_SOURCE
#define FUSE_USE_VERSION 312

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fuse3/fuse_lowlevel.h>
#include <linux/fuse.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static const double timeout_seconds = 1.0;

struct node {
    struct node *next;
    int fd; /* O_PATH */
    dev_t dev;
    ino_t ino;
    uint64_t lookups;
};

static struct node root_node;
static pthread_mutex_t nodes_lock = PTHREAD_MUTEX_INITIALIZER;

static struct node *node_of(fuse_ino_t ino) {
    return ino == FUSE_ROOT_ID ? &root_node : (struct node *)(uintptr_t)ino;
}

static fuse_ino_t ino_of(struct node *node) {
    return node == &root_node ? FUSE_ROOT_ID : (fuse_ino_t)(uintptr_t)node;
}

static void proc_path(char *out, size_t size, int fd) {
    snprintf(out, size, "/proc/self/fd/%d", fd);
}

/* Finds or makes the node for parent/name and counts one lookup; fills e. */
static int make_entry(struct node *parent, const char *name, struct fuse_entry_param *e) {
    memset(e, 0, sizeof(*e));
    int fd = openat(parent->fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return errno;
    if (fstatat(fd, "", &e->attr, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) != 0) {
        int saved = errno;
        close(fd);
        return saved;
    }
    pthread_mutex_lock(&nodes_lock);
    struct node *found = root_node.next;
    while (found && !(found->dev == e->attr.st_dev && found->ino == e->attr.st_ino)) found = found->next;
    if (found) {
        found->lookups++;
        close(fd);
    } else {
        found = calloc(1, sizeof(*found));
        if (!found) {
            pthread_mutex_unlock(&nodes_lock);
            close(fd);
            return ENOMEM;
        }
        found->fd = fd;
        found->dev = e->attr.st_dev;
        found->ino = e->attr.st_ino;
        found->lookups = 1;
        found->next = root_node.next;
        root_node.next = found;
    }
    pthread_mutex_unlock(&nodes_lock);
    e->ino = ino_of(found);
    e->attr_timeout = timeout_seconds;
    e->entry_timeout = timeout_seconds;
    return 0;
}

static void forget_one(fuse_ino_t ino, uint64_t count) {
    struct node *node = node_of(ino);
    if (node == &root_node) return;
    pthread_mutex_lock(&nodes_lock);
    node->lookups -= count;
    if (node->lookups == 0) {
        struct node **link = &root_node.next;
        while (*link && *link != node) link = &(*link)->next;
        if (*link) *link = node->next;
        close(node->fd);
        free(node);
    }
    pthread_mutex_unlock(&nodes_lock);
}

static void pt_init(void *userdata, struct fuse_conn_info *conn) {
    (void)userdata;
    conn->want &= ~FUSE_CAP_WRITEBACK_CACHE;
    conn->want &= ~FUSE_CAP_ATOMIC_O_TRUNC;
    conn->max_write = 1 << 20;
}

static void pt_lookup(fuse_req_t req, fuse_ino_t parent, const char *name) {
    struct fuse_entry_param e;
    int err = make_entry(node_of(parent), name, &e);
    if (err) fuse_reply_err(req, err);
    else fuse_reply_entry(req, &e);
}

static void pt_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup) {
    forget_one(ino, nlookup);
    fuse_reply_none(req);
}

static void pt_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets) {
    for (size_t i = 0; i < count; i++) forget_one(forgets[i].ino, forgets[i].nlookup);
    fuse_reply_none(req);
}

static void pt_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    (void)fi;
    struct stat st;
    if (fstatat(node_of(ino)->fd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) != 0) {
        fuse_reply_err(req, errno);
        return;
    }
    fuse_reply_attr(req, &st, timeout_seconds);
}

static void pt_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set, struct fuse_file_info *fi) {
    struct node *node = node_of(ino);
    char path[64];
    proc_path(path, sizeof(path), node->fd);
    if (to_set & FUSE_SET_ATTR_MODE) {
        if ((fi ? fchmod((int)fi->fh, attr->st_mode) : chmod(path, attr->st_mode)) != 0) goto fail;
    }
    if (to_set & FUSE_SET_ATTR_SIZE) {
        if ((fi ? ftruncate((int)fi->fh, attr->st_size) : truncate(path, attr->st_size)) != 0) goto fail;
    }
    if (to_set & (FUSE_SET_ATTR_ATIME | FUSE_SET_ATTR_MTIME)) {
        struct timespec times[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
        if (to_set & FUSE_SET_ATTR_ATIME_NOW) times[0].tv_nsec = UTIME_NOW;
        else if (to_set & FUSE_SET_ATTR_ATIME) times[0] = attr->st_atim;
        if (to_set & FUSE_SET_ATTR_MTIME_NOW) times[1].tv_nsec = UTIME_NOW;
        else if (to_set & FUSE_SET_ATTR_MTIME) times[1] = attr->st_mtim;
        if ((fi ? futimens((int)fi->fh, times) : utimensat(AT_FDCWD, path, times, 0)) != 0) goto fail;
    }
    pt_getattr(req, ino, fi);
    return;
fail:
    fuse_reply_err(req, errno);
}

/* As SnapWriter's server does: O_DIRECT I/O already reaches the server uncached, and
   libfuse's write payload is not block-aligned, so the backing file is opened without it. */
static int backing_flags(int flags) {
    return (flags & ~(O_APPEND | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_NOFOLLOW | O_DIRECT)) | O_CLOEXEC;
}

static void pt_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    char path[64];
    proc_path(path, sizeof(path), node_of(ino)->fd);
    int fd = open(path, backing_flags(fi->flags));
    if (fd < 0) {
        fuse_reply_err(req, errno);
        return;
    }
    fi->fh = (uint64_t)fd;
    if ((fi->flags & O_DIRECT) && (fi->flags & O_ACCMODE) != O_RDONLY) {
        /* libfuse 3.14's fuse_file_info cannot say FOPEN_PARALLEL_DIRECT_WRITES. */
        struct fuse_open_out reply;
        memset(&reply, 0, sizeof reply);
        reply.fh = (uint64_t)fd;
        reply.open_flags = FOPEN_DIRECT_IO | FOPEN_PARALLEL_DIRECT_WRITES;
        fuse_reply_buf(req, (const char *)&reply, sizeof reply);
        return;
    }
    fuse_reply_open(req, fi);
}

static void pt_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, struct fuse_file_info *fi) {
    int fd = openat(node_of(parent)->fd, name, backing_flags(fi->flags) | O_CREAT, mode);
    if (fd < 0) {
        fuse_reply_err(req, errno);
        return;
    }
    struct fuse_entry_param e;
    int err = make_entry(node_of(parent), name, &e);
    if (err) {
        close(fd);
        fuse_reply_err(req, err);
        return;
    }
    fi->fh = (uint64_t)fd;
    fuse_reply_create(req, &e, fi);
}

static void pt_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
    (void)ino;
    char *buffer = malloc(size ? size : 1);
    if (!buffer) {
        fuse_reply_err(req, ENOMEM);
        return;
    }
    ssize_t count = pread((int)fi->fh, buffer, size, off);
    if (count < 0) fuse_reply_err(req, errno);
    else fuse_reply_buf(req, buffer, (size_t)count);
    free(buffer);
}

static void pt_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
    (void)ino;
    ssize_t written = pwrite((int)fi->fh, buf, size, off);
    if (written < 0) fuse_reply_err(req, errno);
    else fuse_reply_write(req, (size_t)written);
}

static void pt_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    (void)ino;
    (void)fi;
    fuse_reply_err(req, 0);
}

static void pt_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    (void)ino;
    close((int)fi->fh);
    fuse_reply_err(req, 0);
}

static void pt_fsync(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi) {
    (void)ino;
    int result = datasync ? fdatasync((int)fi->fh) : fsync((int)fi->fh);
    fuse_reply_err(req, result == 0 ? 0 : errno);
}

static void pt_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    int fd = openat(node_of(ino)->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dir = fd < 0 ? NULL : fdopendir(fd);
    if (!dir) {
        int saved = errno;
        if (fd >= 0) close(fd);
        fuse_reply_err(req, saved);
        return;
    }
    fi->fh = (uint64_t)(uintptr_t)dir;
    fuse_reply_open(req, fi);
}

static void pt_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
    (void)ino;
    DIR *dir = (DIR *)(uintptr_t)fi->fh;
    char *buffer = malloc(size ? size : 1);
    if (!buffer) {
        fuse_reply_err(req, ENOMEM);
        return;
    }
    size_t used = 0;
    seekdir(dir, off);
    for (;;) {
        errno = 0;
        struct dirent *entry = readdir(dir);
        if (!entry) break;
        struct stat st = {.st_ino = entry->d_ino, .st_mode = (mode_t)entry->d_type << 12};
        size_t needed = fuse_add_direntry(req, buffer + used, size - used, entry->d_name, &st, entry->d_off);
        if (needed > size - used) break;
        used += needed;
    }
    fuse_reply_buf(req, buffer, used);
    free(buffer);
}

static void pt_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    (void)ino;
    closedir((DIR *)(uintptr_t)fi->fh);
    fuse_reply_err(req, 0);
}

static void pt_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode) {
    if (mkdirat(node_of(parent)->fd, name, mode) != 0) {
        fuse_reply_err(req, errno);
        return;
    }
    pt_lookup(req, parent, name);
}

static void pt_unlink(fuse_req_t req, fuse_ino_t parent, const char *name) {
    fuse_reply_err(req, unlinkat(node_of(parent)->fd, name, 0) == 0 ? 0 : errno);
}

static void pt_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name) {
    fuse_reply_err(req, unlinkat(node_of(parent)->fd, name, AT_REMOVEDIR) == 0 ? 0 : errno);
}

static void pt_rename(fuse_req_t req, fuse_ino_t parent, const char *name, fuse_ino_t newparent, const char *newname,
                      unsigned int flags) {
    if (flags) {
        fuse_reply_err(req, EINVAL);
        return;
    }
    int result = renameat(node_of(parent)->fd, name, node_of(newparent)->fd, newname);
    fuse_reply_err(req, result == 0 ? 0 : errno);
}

static void pt_statfs(fuse_req_t req, fuse_ino_t ino) {
    struct statvfs info;
    if (fstatvfs(node_of(ino)->fd, &info) != 0) fuse_reply_err(req, errno);
    else fuse_reply_statfs(req, &info);
}

static const struct fuse_lowlevel_ops operations = {
    .init = pt_init,
    .lookup = pt_lookup,
    .forget = pt_forget,
    .forget_multi = pt_forget_multi,
    .getattr = pt_getattr,
    .setattr = pt_setattr,
    .open = pt_open,
    .create = pt_create,
    .read = pt_read,
    .write = pt_write,
    .flush = pt_flush,
    .release = pt_release,
    .fsync = pt_fsync,
    .opendir = pt_opendir,
    .readdir = pt_readdir,
    .releasedir = pt_releasedir,
    .mkdir = pt_mkdir,
    .unlink = pt_unlink,
    .rmdir = pt_rmdir,
    .rename = pt_rename,
    .statfs = pt_statfs,
};

int main(int argc, char *argv[]) {
    /* A child inherits the signal mask of the thread that started it; SIGTERM must reach
       the handlers below whatever that thread blocked. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (argc != 3) {
        fprintf(stderr, "usage: %s SOURCE MOUNTPOINT\n", argv[0]);
        return 2;
    }
    root_node.fd = open(argv[1], O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root_node.fd < 0) {
        perror(argv[1]);
        return 2;
    }
    root_node.lookups = 2;

    char *fuse_argv[] = {argv[0], "-o", "fsname=passthrough,subtype=snapwriter-bench,default_permissions", NULL};
    struct fuse_args args = FUSE_ARGS_INIT(3, fuse_argv);
    struct fuse_session *session = fuse_session_new(&args, &operations, sizeof(operations), NULL);
    if (!session) return 1;
    int status = 1;
    if (fuse_set_signal_handlers(session) == 0) {
        if (fuse_session_mount(session, argv[2]) == 0) {
            struct fuse_loop_config *config = fuse_loop_cfg_create();
            fuse_loop_cfg_set_max_threads(config, 16);
            fuse_loop_cfg_set_idle_threads(config, 4);
            status = fuse_session_loop_mt(session, config) == 0 ? 0 : 1;
            fuse_loop_cfg_destroy(config);
            fuse_session_unmount(session);
        }
        fuse_remove_signal_handlers(session);
    }
    fuse_session_destroy(session);
    return status;
}
