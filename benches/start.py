#!/usr/bin/env python3
"""Start-up time to the first full frame, duizhao against less, in a pseudo-terminal.

Each program is started in a pty of the given size on the same file; the time is from the
spawn to the last byte of its first screen (the output then stays quiet for QUIET seconds).
Prints the median of RUNS runs for each, and the ratio; the programs take turns, one run each
per round.

Usage: benches/start.py [FILE] [COLSxROWS] [RUNS]
"""
import os, pty, select, signal, statistics, subprocess, sys, tempfile, time, fcntl, termios, struct

QUIET = 0.3

def first_frame(argv, cols, rows, env):
    pid, fd = pty.fork()
    if pid == 0:
        # The size is set before the program starts, so it never sees a resize.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.environ.update(env)
        os.execvp(argv[0], argv)
    start = time.perf_counter()
    last = None
    total = 0
    while True:
        r, _, _ = select.select([fd], [], [], QUIET if last else 5.0)
        if not r:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        total += len(data)
        last = time.perf_counter()
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
    return (last - start) * 1000 if last else float("nan"), total

def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    f = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "docs/2014-shanwei-informatization-plan.zh.txt")
    cols, rows = map(int, (sys.argv[2] if len(sys.argv) > 2 else "120x40").split("x"))
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=root, check=True)
    data = tempfile.mkdtemp()
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "DUIZHAO_DATA_DIR": data,
           "DUIZHAO_CONFIG": os.path.join(data, "config.toml"), "DUIZHAO_CACHE_DIR": os.path.join(data, "cache"),
           "LESS": ""}
    open(os.path.join(data, "config.toml"), "w").close()
    exe = os.path.join(root, "target/release/duizhao")
    # "no cache" imports and aligns on every start, as the very first start does; "cache" reads
    # what the first run stored (the one run before timing starts).
    progs = {"duizhao, no cache": [exe, "--no-cache", f], "duizhao, cache": [exe, f], "less": ["less", f]}
    for argv in progs.values():
        first_frame(argv, cols, rows, env)  # warm the page cache (and duizhao's own cache)
    # Interleaved, one run of each program per round: this VM's speed drifts over seconds, and
    # timing one program's runs after the other's would put the drift into the ratio.
    times = {name: [] for name in progs}
    for _ in range(runs):
        for name, argv in progs.items():
            times[name].append(first_frame(argv, cols, rows, env)[0])
    results = {name: statistics.median(t) for name, t in times.items()}
    for name in progs:
        print(f"{name:18} median {results[name]:6.1f} ms to the first full frame ({runs} runs, {cols}x{rows})")
    for name in ("duizhao, no cache", "duizhao, cache"):
        rounds = statistics.median(d / l for d, l in zip(times[name], times["less"]))
        print(f"ratio {name} / less: {results[name] / results['less']:.2f} (median of the rounds' ratios {rounds:.2f})")

if __name__ == "__main__":
    main()
