#!/usr/bin/env python3
"""Keeps the MetaTrader 5 side in step with include/tradeseal.h.

    check_abi.py include/tradeseal.h include/TradeSeal.mqh <objdump -p of tradeseal.dll>

Fails (exit 1, one line per problem) when
- a header function has a type MQL5 cannot pass (every function must be callable from an EA; functions
  returning a C string are exempt when a `<name>_copy` variant exists);
- a status code #defined in TradeSeal.mqh differs from the header's;
- a function in TradeSeal.mqh's `#import "tradeseal.dll"` block is not in the header, or its return type or
  any parameter does not match the MQL5 type the C type maps to (the mapping is below);
- tradeseal.dll imports anything but Windows system DLLs, or its export table differs from the header's
  functions (names must be undecorated, as `#import` looks them up verbatim).
- a header function is not imported by TradeSeal.mqh, unless NOT_FOR_MQL5 below names it (or it returns a
  C string, whose `_copy` variant is imported instead).

    check_abi.py --names include/tradeseal.h     prints every header function name (for the harness)
"""

import re
import sys

# C type (normalised) -> MQL5 spelling in an #import declaration. "H" stands for any opaque handle type.
PARAM_TYPES = {
    "const uint8_t *": r"const uchar &\w+\[\]",
    "uint8_t *": r"uchar &\w+\[\]|uchar &\w+",
    "uint8_t": r"uchar \w+",
    "const uint16_t *": r"const string \w+|string \w+",
    "size_t *": r"ulong &\w+",
    "size_t": r"long \w+",
    "uint32_t *": r"uint &\w+(\[\])?",
    "uint32_t": r"uint \w+",
    "int32_t": r"int \w+",
    "tseal_status": r"int \w+",
    "uint64_t *": r"ulong &\w+(\[\])?",
    "uint64_t": r"ulong \w+",
    "int64_t *": r"long &\w+",
    "int64_t": r"long \w+",
    "double *": r"double &\w+",
    "double": r"double \w+",
    "H **": r"long &\w+",
    "H *": r"long \w+",
    "const H *": r"long \w+",
}
RETURN_TYPES = {
    "tseal_status": "int",
    "void": "void",
    "size_t": "ulong",
    "uint32_t": "uint",
    "int32_t": "int",
    "uint64_t": "ulong",
    "int64_t": "long",
    "double": "double",
}
# Header functions TradeSeal.mqh deliberately does not import (full-match patterns), each with why. Keep it short.
NOT_FOR_MQL5 = [
    # Test-only exports (fixed keys, nonces or ephemerals for known-answer vectors): an EA must never call
    # them, so the .mqh does not offer them. The test harness still calls them through GetProcAddress.
    r"tseal_\w+_for_testing_only",
    # Takes a C function pointer: MQL5 has no callbacks (an EA pins its peers with the allowlist instead).
    r"tseal_noise_builder_peer_verifier",
]
SYSTEM_DLLS = {
    "kernel32.dll", "ntdll.dll", "msvcrt.dll", "bcryptprimitives.dll", "bcrypt.dll", "advapi32.dll",
    "userenv.dll", "ws2_32.dll",
}


def normalise(c_type, handles):
    c_type = re.sub(r"\s+", " ", c_type.replace("*", " * ")).strip().replace("* *", "**")
    for handle in handles:
        c_type = re.sub(rf"\b{handle}\b", "H", c_type)
    return c_type


def split_param(param):
    """'const uint8_t *msg' -> ('const uint8_t *', 'msg')."""
    m = re.fullmatch(r"(.*?)(\w+)", param.strip())
    return m.group(1), m.group(2)


def parse_header(text):
    """{name: (return type, [param C types])} and the set of opaque handle type names."""
    text = re.sub(r"//[^\n]*|/\*.*?\*/", "", text, flags=re.S)
    handles = set(re.findall(r"typedef struct (\w+) \1;", text))
    functions = {}
    for ret, name, params in re.findall(r"^([\w ]+?\s*\**)\s*(tseal_\w+)\(([^)]*)\);", text, flags=re.M):
        params = [] if params.strip() in ("", "void") else [split_param(p)[0] for p in params.split(",")]
        functions[name] = (normalise(ret, handles), [normalise(p, handles) for p in params])
    return functions, handles


def parse_mqh(text):
    """{name: (return type, [MQL5 params])} from the #import "tradeseal.dll" block."""
    block = re.search(r'#import\s+"tradeseal\.dll"(.*?)#import', text, flags=re.S)
    if block is None:
        return None
    body = re.sub(r"//[^\n]*|/\*.*?\*/", "", block.group(1), flags=re.S)
    functions = {}
    for ret, name, params in re.findall(r"(\w+)\s+(tseal_\w+)\s*\(([^)]*)\)\s*;", body):
        params = [] if params.strip() in ("", "void") else [re.sub(r"\s+", " ", p.strip()) for p in params.split(",")]
        functions[name] = (ret, params)
    return functions


def check(header_path, mqh_path, objdump_path):
    problems = []
    header, _ = parse_header(open(header_path, encoding="utf-8").read())
    if not header:
        problems.append(f"{header_path}: no tseal_* functions found")

    for name, (ret, params) in sorted(header.items()):
        if any(re.fullmatch(p, name) for p in NOT_FOR_MQL5):
            continue
        if ret == "const char *":
            if f"{name}_copy" not in header:
                problems.append(f"{name}: returns a C string and has no {name}_copy variant for MQL5")
            continue
        if ret not in RETURN_TYPES:
            problems.append(f"{name}: return type '{ret}' cannot be passed to MQL5")
        problems += [f"{name}: parameter type '{p}' cannot be passed to MQL5" for p in params if p not in PARAM_TYPES]

    mqh = parse_mqh(open(mqh_path, encoding="utf-8").read())
    if mqh is None:
        problems.append(f'{mqh_path}: no #import "tradeseal.dll" ... #import block')
        mqh = {}
    for name, (ret, params) in sorted(mqh.items()):
        if name not in header:
            problems.append(f"{mqh_path}: imports {name}, which is not in {header_path}")
            continue
        c_ret, c_params = header[name]
        if RETURN_TYPES.get(c_ret) != ret:
            problems.append(f"{mqh_path}: {name} returns {ret}, the header says {c_ret}")
        if len(params) != len(c_params):
            problems.append(f"{mqh_path}: {name} has {len(params)} parameters, the header {len(c_params)}")
            continue
        for i, (mql, c_type) in enumerate(zip(params, c_params)):
            if c_type in PARAM_TYPES and not re.fullmatch(PARAM_TYPES[c_type], mql):
                problems.append(f"{mqh_path}: {name} parameter {i + 1} is '{mql}', '{c_type}' needs {PARAM_TYPES[c_type]}")
    header_text = open(header_path, encoding="utf-8").read()
    codes = dict(re.findall(r"^\s*(TSEAL_\w+) = (-?\d+),", header_text, flags=re.M))
    codes.update(re.findall(r"^#define (TSEAL_\w+) (-?\d+)$", header_text, flags=re.M))
    for name, value in re.findall(r"^#define\s+(TSEAL_\w+)\s+(-?\d+)", open(mqh_path, encoding="utf-8").read(), flags=re.M):
        if codes.get(name) != value:
            problems.append(f"{mqh_path}: #define {name} {value}, the header says {codes.get(name, 'nothing')}")
    for name, (ret, _) in sorted(header.items()):
        if name not in mqh and ret != "const char *" and not any(re.fullmatch(p, name) for p in NOT_FOR_MQL5):
            problems.append(f"{mqh_path}: does not import {name} (import it, or add it to NOT_FOR_MQL5 with why)")

    dump = open(objdump_path, encoding="utf-8").read()
    for dll in re.findall(r"DLL Name: (\S+)", dump):
        if dll.lower() not in SYSTEM_DLLS and not dll.lower().startswith("api-ms-win-"):
            problems.append(f"tradeseal.dll imports {dll}, which is not a Windows system DLL")
    table = re.search(r"\[Ordinal/Name Pointer\] Table\n(.*?)\n\n", dump, flags=re.S)
    exports = set(re.findall(r"\]\s+(\S+)", table.group(1))) if table else set()
    for name in sorted(exports - set(header)):
        problems.append(f"tradeseal.dll exports '{name}', which is not a header function")
    for name in sorted(set(header) - exports):
        problems.append(f"tradeseal.dll does not export '{name}'")

    for problem in problems:
        print(f"check_abi: {problem}")
    print(f"check_abi: {len(header)} header functions, {len(mqh)} imported by the .mqh, {len(exports)} DLL "
          f"exports, {len(problems)} problems")
    return not problems


if __name__ == "__main__":
    if sys.argv[1] == "--names":
        print("\n".join(sorted(parse_header(open(sys.argv[2], encoding="utf-8").read())[0])))
    else:
        sys.exit(0 if check(*sys.argv[1:4]) else 1)
