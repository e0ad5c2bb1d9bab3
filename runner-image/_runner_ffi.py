"""The two C functions the wrapper calls, through _ctypes without the ctypes package.

- prctl(PR_SET_DUMPABLE, 0): the wrapper makes itself non-dumpable so that the tool, which
  runs as the same uid, cannot ptrace it or open /proc/1/fd/1 (the result stream) or
  /proc/1/environ; the child sets itself dumpable again before the tool runs.
- Py_CompileStringExFlags: what compile(source, path, "exec", dont_inherit=True) runs, without
  the builtin's first question — whether the source is an AST object — which makes CPython
  create all of its ~120 AST classes (~2.5 ms, once per process, so in every run). Same
  compiler, coding cookie, errors and optimization level; a SyntaxError raised inside comes
  out as one (a PYTHONAPI function checks the error indicator).

`import ctypes` is ~3 ms at every start (struct, ctypes._endian and its many classes);
_ctypes alone ~1 ms. These few declarations are what ctypes.CDLL(None) and ctypes.pythonapi
would build.
"""

import os

import _ctypes

PR_SET_DUMPABLE = 4
_PY_FILE_INPUT = 257  # Py_file_input: a module, as compile(..., "exec")


class _Int(_ctypes._SimpleCData):
    _type_ = "i"


class _CharPointer(_ctypes._SimpleCData):
    _type_ = "z"


class _VoidPointer(_ctypes._SimpleCData):
    _type_ = "P"


class _PyObject(_ctypes._SimpleCData):
    _type_ = "O"


class _ThisProcess:
    """What CFuncPtr((name, library)) reads of a library: its dlopen handle."""

    _handle = _ctypes.dlopen(None, os.RTLD_NOW | os.RTLD_LOCAL)


class _CFunction(_ctypes.CFuncPtr):
    _flags_ = _ctypes.FUNCFLAG_CDECL | _ctypes.FUNCFLAG_USE_ERRNO
    _restype_ = _Int


class _PythonApiFunction(_ctypes.CFuncPtr):
    _flags_ = _ctypes.FUNCFLAG_CDECL | _ctypes.FUNCFLAG_PYTHONAPI
    _restype_ = _PyObject


_prctl = _CFunction(("prctl", _ThisProcess))
_compile_string = _PythonApiFunction(("Py_CompileStringExFlags", _ThisProcess))
_compile_string.argtypes = (_CharPointer, _CharPointer, _Int, _VoidPointer, _Int)


def set_dumpable(value):
    _prctl(PR_SET_DUMPABLE, value, 0, 0, 0)


def compile_module(source, path):
    """compile(source, path, "exec", dont_inherit=True) for bytes without NUL (a C string
    would end at the first one: the caller uses the builtin for those)."""
    return _compile_string(source, os.fsencode(path), _PY_FILE_INPUT, None, -1)
