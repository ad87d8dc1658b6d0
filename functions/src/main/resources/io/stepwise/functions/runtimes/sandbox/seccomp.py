"""Installs Stepwise's seccomp filter, then execs the runtime: seccomp.py -- COMMAND [ARGS...].

Run after setpriv --no-new-privs (which the kernel requires of an unprivileged filter), with python3 -S -I: standard
library only. The filter (classic BPF, x86_64) denies, with EPERM, the system calls a function has no business making,
as container runtimes' default profiles do: new namespaces (unshare, setns, and clone with a CLONE_NEW* flag; clone3,
whose flags it cannot read, answers ENOSYS so that libc falls back to clone), mounts and pivots, kernel modules,
kexec, bpf, keyrings, perf events, userfaultfd, handle-based opens, clock and swap changes, reboot, syslog, accounting,
I/O port access, and every system call of another ABI (i386, x32). Any failure exits 96 without running the runtime.
"""
import ctypes
import os
import struct
import sys

AUDIT_ARCH_X86_64 = 0xC000003E
X32_BIT = 0x40000000
DENIED = {
    "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "unshare": 272, "setns": 308,
    "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
    "mount_setattr": 442, "init_module": 175, "finit_module": 313, "delete_module": 176, "create_module": 174,
    "kexec_load": 246, "kexec_file_load": 320, "bpf": 321, "add_key": 248, "request_key": 249, "keyctl": 250,
    "perf_event_open": 298, "userfaultfd": 323, "name_to_handle_at": 303, "open_by_handle_at": 304,
    "settimeofday": 164, "clock_settime": 227, "clock_adjtime": 305, "adjtimex": 159, "swapon": 167, "swapoff": 168,
    "reboot": 169, "syslog": 103, "acct": 163, "iopl": 172, "ioperm": 173, "quotactl": 179, "lookup_dcookie": 212,
    "vhangup": 153, "uselib": 134, "_sysctl": 156,
}
CLONE, CLONE3 = 56, 435
CLONE_NEW = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x00000080
EPERM, ENOSYS = 1, 38
RET_ALLOW, RET_ERRNO = 0x7FFF0000, 0x00050000
LD_W_ABS, JEQ_K, JGE_K, JSET_K, RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
NR, ARCH, ARG0_LOW = 0, 4, 16  # offsets in struct seccomp_data (little-endian)


def stmt(code, k):
    return struct.pack("=HBBI", code, 0, 0, k)


def jump(code, k, jt, jf):
    return struct.pack("=HBBI", code, jt, jf, k)


def program():
    deny = stmt(RET_K, RET_ERRNO | EPERM)
    p = [stmt(LD_W_ABS, ARCH), jump(JEQ_K, AUDIT_ARCH_X86_64, 1, 0), deny,
         stmt(LD_W_ABS, NR), jump(JGE_K, X32_BIT, 0, 1), deny]
    for nr in sorted(DENIED.values()):
        p += [jump(JEQ_K, nr, 0, 1), deny]
    p += [jump(JEQ_K, CLONE3, 0, 1), stmt(RET_K, RET_ERRNO | ENOSYS)]
    # clone: allowed unless its flags (first argument, low word) ask for a new namespace
    p += [jump(JEQ_K, CLONE, 0, 3), stmt(LD_W_ABS, ARG0_LOW), jump(JSET_K, CLONE_NEW, 0, 1), deny]
    p += [stmt(RET_K, RET_ALLOW)]
    return b"".join(p)


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install():
    if os.uname().machine != "x86_64":
        raise OSError("the filter is written for x86_64, not " + os.uname().machine)
    code = program()
    buf = ctypes.create_string_buffer(code, len(code))
    fprog = SockFprog(len(code) // 8, ctypes.addressof(buf))
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP): " + os.strerror(ctypes.get_errno()))


def main():
    args = sys.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.stderr.write("usage: seccomp.py -- COMMAND [ARGS...]\n")
        return 96
    try:
        install()
    except OSError as e:
        sys.stderr.write("stepwise: sandbox set-up failed: installing the seccomp filter: %s\n" % e)
        return 96
    try:
        os.execvp(args[0], args)
    except OSError as e:
        sys.stderr.write("stepwise: sandbox set-up failed: running %s: %s\n" % (args[0], e))
        return 96


if __name__ == "__main__":
    sys.exit(main())
