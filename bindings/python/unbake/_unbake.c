/*
 * _unbake: CPython extension over libunbake (include/unbake.h).
 *
 * Uses only the CPython C API and the public unbake header. The module has
 * no mutable state of its own (m_size 0, no static PyObject pointers), and
 * every call releases the GIL while the engine runs, so several threads can
 * repair at once.
 *
 * Text crosses the boundary as UTF-8. A str argument is encoded with the
 * "surrogateescape" error handler, and results are decoded with it too, so
 * bytes that are not UTF-8 (for example with keep_invalid=True) survive a
 * round trip: result.encode("utf-8", "surrogateescape") gives the exact
 * bytes the C library produced.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <unbake.h>

/* ---- options ------------------------------------------------------------ */

/* Parsed keyword options; `codecs` borrows from a Python object that the
 * caller keeps alive for the duration of the call. */
typedef struct {
    unbake_options opt;
    PyObject *codecs_bytes; /* owned: UTF-8 copy of the codecs string */
} py_opts;

static void py_opts_release(py_opts *po)
{
    Py_CLEAR(po->codecs_bytes);
}

/* Fill po from the keyword arguments. Returns 0, or -1 with an exception. */
static int parse_options(PyObject *kwargs, py_opts *po)
{
    static const char *const known[] = {
        "codecs", "max_layers", "min_confidence", "hole_replacement",
        "window", "no_guess", "keep_invalid", "report_damage", NULL
    };
    unbake_options_init(&po->opt);
    po->codecs_bytes = NULL;
    if (!kwargs)
        return 0;

    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(kwargs, &pos, &key, &value)) {
        const char *name = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : NULL;
        if (!name) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "option names must be strings");
            return -1;
        }
        int k = 0;
        while (known[k] && strcmp(known[k], name) != 0)
            k++;
        switch (k) {
        case 0: /* codecs: str or None */
            if (value == Py_None) {
                po->opt.codecs = NULL;
                break;
            }
            if (!PyUnicode_Check(value)) {
                PyErr_Format(PyExc_TypeError,
                             "codecs must be a str or None, not %.100s",
                             Py_TYPE(value)->tp_name);
                return -1;
            }
            Py_CLEAR(po->codecs_bytes);
            po->codecs_bytes = PyUnicode_AsUTF8String(value);
            if (!po->codecs_bytes)
                return -1;
            if ((Py_ssize_t)strlen(PyBytes_AS_STRING(po->codecs_bytes)) !=
                PyBytes_GET_SIZE(po->codecs_bytes)) {
                PyErr_SetString(PyExc_ValueError, "codecs must not contain NUL");
                return -1;
            }
            po->opt.codecs = PyBytes_AS_STRING(po->codecs_bytes);
            break;
        case 1: { /* max_layers: int >= 1 */
            if (!PyLong_Check(value) || PyBool_Check(value)) {
                PyErr_Format(PyExc_TypeError, "max_layers must be an int, not %.100s",
                             Py_TYPE(value)->tp_name);
                return -1;
            }
            long v = PyLong_AsLong(value);
            if (v == -1 && PyErr_Occurred()) {
                PyErr_Clear();
                v = -1;
            }
            if (v < 1 || (unsigned long)v > UINT_MAX) {
                PyErr_SetString(PyExc_ValueError, "max_layers must be >= 1");
                return -1;
            }
            po->opt.max_layers = (unsigned)v;
            break;
        }
        case 2: { /* min_confidence: float in [0, 1] */
            if (!PyFloat_Check(value) && !(PyLong_Check(value) && !PyBool_Check(value))) {
                PyErr_Format(PyExc_TypeError,
                             "min_confidence must be a float, not %.100s",
                             Py_TYPE(value)->tp_name);
                return -1;
            }
            double d = PyFloat_AsDouble(value);
            if (d == -1.0 && PyErr_Occurred())
                return -1;
            if (!(d >= 0.0 && d <= 1.0)) {
                PyErr_SetString(PyExc_ValueError, "min_confidence must be between 0 and 1");
                return -1;
            }
            po->opt.min_confidence = d;
            break;
        }
        case 3: { /* hole_replacement: one character */
            if (!PyUnicode_Check(value)) {
                PyErr_Format(PyExc_TypeError,
                             "hole_replacement must be a str, not %.100s",
                             Py_TYPE(value)->tp_name);
                return -1;
            }
            if (PyUnicode_GetLength(value) != 1) {
                PyErr_SetString(PyExc_ValueError,
                                "hole_replacement must be exactly one character");
                return -1;
            }
            Py_UCS4 c = PyUnicode_ReadChar(value, 0);
            if (c == (Py_UCS4)-1 && PyErr_Occurred())
                return -1;
            if (c >= 0xD800 && c <= 0xDFFF) {
                PyErr_SetString(PyExc_ValueError,
                                "hole_replacement must not be a surrogate");
                return -1;
            }
            po->opt.hole_replacement = (uint32_t)c;
            break;
        }
        case 4: { /* window: bytes, 4096 .. 1 GiB */
            if (!PyLong_Check(value) || PyBool_Check(value)) {
                PyErr_Format(PyExc_TypeError, "window must be an int, not %.100s",
                             Py_TYPE(value)->tp_name);
                return -1;
            }
            Py_ssize_t w = PyLong_AsSsize_t(value);
            if (w == -1 && PyErr_Occurred()) {
                PyErr_Clear();
                w = -1;
            }
            if (w < 4096 || w > ((Py_ssize_t)1 << 30)) {
                PyErr_SetString(PyExc_ValueError,
                                "window must be between 4096 and 2**30 bytes");
                return -1;
            }
            po->opt.window = (size_t)w;
            break;
        }
        case 5:   /* no_guess */
        case 6:   /* keep_invalid */
        case 7: { /* report_damage (default True) */
            int b = PyObject_IsTrue(value);
            if (b < 0)
                return -1;
            unsigned flag = k == 5 ? UNBAKE_FLAG_NO_GUESS
                          : k == 6 ? UNBAKE_FLAG_KEEP_INVALID
                                   : UNBAKE_FLAG_NO_DAMAGE_REPORT;
            if (k == 7)
                b = !b;
            if (b)
                po->opt.flags |= flag;
            else
                po->opt.flags &= ~flag;
            break;
        }
        default:
            PyErr_Format(PyExc_TypeError, "unexpected keyword argument '%.100s'", name);
            return -1;
        }
    }
    return 0;
}

/* ---- fix records, collected without the GIL ------------------------------ */

typedef struct {
    unbake_fix_kind kind;
    uint64_t in_offset, out_offset;
    size_t in_len, out_len;
    char *before, *after, *hypothesis, *detail; /* malloc'd copies or NULL */
    unsigned layers, guessed_bytes, lost_chars;
    double confidence;
} fix_copy;

typedef struct {
    fix_copy *items;
    size_t len, cap;
    int nomem;
} fix_list;

static char *dup_bytes(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static void fix_list_free(fix_list *fl)
{
    for (size_t i = 0; i < fl->len; i++) {
        free(fl->items[i].before);
        free(fl->items[i].after);
        free(fl->items[i].hypothesis);
        free(fl->items[i].detail);
    }
    free(fl->items);
    fl->items = NULL;
    fl->len = fl->cap = 0;
}

/* unbake_fix_fn: runs while the GIL is released, so it touches no Python
 * object; it only copies the record into plain C memory. */
static void collect_fix(const unbake_fix *fix, void *user)
{
    fix_list *fl = user;
    if (fl->nomem)
        return;
    if (fl->len == fl->cap) {
        size_t cap = fl->cap ? fl->cap * 2 : 16;
        fix_copy *items = realloc(fl->items, cap * sizeof *items);
        if (!items) {
            fl->nomem = 1;
            return;
        }
        fl->items = items;
        fl->cap = cap;
    }
    fix_copy *c = &fl->items[fl->len];
    memset(c, 0, sizeof *c);
    c->kind = fix->kind;
    c->in_offset = fix->in_offset;
    c->in_len = fix->in_len;
    c->out_offset = fix->out_offset;
    c->out_len = fix->out_len;
    c->layers = fix->layers;
    c->guessed_bytes = fix->guessed_bytes;
    c->lost_chars = fix->lost_chars;
    c->confidence = fix->confidence;
    c->before = dup_bytes(fix->before ? fix->before : "", fix->before ? fix->in_len : 0);
    c->after = dup_bytes(fix->after ? fix->after : "", fix->after ? fix->out_len : 0);
    if (fix->hypothesis)
        c->hypothesis = dup_bytes(fix->hypothesis, strlen(fix->hypothesis));
    if (fix->detail)
        c->detail = dup_bytes(fix->detail, strlen(fix->detail));
    fl->len++; /* counted now so fix_list_free releases partial copies */
    if (!c->before || !c->after || (fix->hypothesis && !c->hypothesis) ||
        (fix->detail && !c->detail))
        fl->nomem = 1;
}

static PyObject *decode_utf8(const char *s, Py_ssize_t n)
{
    return PyUnicode_DecodeUTF8(s, n, "surrogateescape");
}

static PyObject *optional_str(const char *s)
{
    if (!s)
        Py_RETURN_NONE;
    return decode_utf8(s, (Py_ssize_t)strlen(s));
}

static const char *kind_name(unbake_fix_kind k)
{
    switch (k) {
    case UNBAKE_FIX_REPAIR: return "repair";
    case UNBAKE_FIX_IRRECOVERABLE: return "irrecoverable";
    case UNBAKE_FIX_DECODED: return "decoded";
    }
    return "unknown";
}

/* Set d[key] = value and drop the reference to value; -1 on error. */
static int set_item(PyObject *d, const char *key, PyObject *value)
{
    if (!value)
        return -1;
    int r = PyDict_SetItemString(d, key, value);
    Py_DECREF(value);
    return r;
}

static PyObject *fix_to_dict(const fix_copy *c)
{
    PyObject *d = PyDict_New();
    if (!d)
        return NULL;
    if (set_item(d, "kind", PyUnicode_FromString(kind_name(c->kind))) < 0 ||
        set_item(d, "in_offset", PyLong_FromUnsignedLongLong(c->in_offset)) < 0 ||
        set_item(d, "in_len", PyLong_FromSize_t(c->in_len)) < 0 ||
        set_item(d, "out_offset", PyLong_FromUnsignedLongLong(c->out_offset)) < 0 ||
        set_item(d, "out_len", PyLong_FromSize_t(c->out_len)) < 0 ||
        set_item(d, "before", decode_utf8(c->before, (Py_ssize_t)c->in_len)) < 0 ||
        set_item(d, "after", decode_utf8(c->after, (Py_ssize_t)c->out_len)) < 0 ||
        set_item(d, "hypothesis", optional_str(c->hypothesis)) < 0 ||
        set_item(d, "layers", PyLong_FromUnsignedLong(c->layers)) < 0 ||
        set_item(d, "guessed_bytes", PyLong_FromUnsignedLong(c->guessed_bytes)) < 0 ||
        set_item(d, "lost_chars", PyLong_FromUnsignedLong(c->lost_chars)) < 0 ||
        set_item(d, "confidence", PyFloat_FromDouble(c->confidence)) < 0 ||
        set_item(d, "detail", optional_str(c->detail)) < 0) {
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

/* ---- the one worker ------------------------------------------------------ */

static PyObject *raise_status(unbake_status st)
{
    if (st == UNBAKE_ERR_NOMEM)
        return PyErr_NoMemory();
    if (st == UNBAKE_ERR_ARGUMENT)
        PyErr_Format(PyExc_ValueError,
                     "unbake rejected the options (%s); see unbake.codecs() "
                     "for the known codec names", unbake_status_string(st));
    else
        PyErr_Format(PyExc_RuntimeError, "unbake: %s", unbake_status_string(st));
    return NULL;
}

/*
 * Repair len bytes at src with the keyword options. Returns the repaired
 * text (str), or with want_fixes a tuple (text, [fix dicts]).
 * The caller keeps src alive and unchanged for the duration of the call.
 */
static PyObject *run(const char *src, Py_ssize_t len, PyObject *kwargs, int want_fixes)
{
    py_opts po;
    if (parse_options(kwargs, &po) < 0) {
        py_opts_release(&po);
        return NULL;
    }
    fix_list fl = {NULL, 0, 0, 0};
    if (want_fixes) {
        po.opt.on_fix = collect_fix;
        po.opt.user = &fl;
    }
    char *out = NULL;
    size_t out_len = 0;
    unbake_status st;
    Py_BEGIN_ALLOW_THREADS
    st = unbake_repair(src, (size_t)len, &po.opt, &out, &out_len);
    Py_END_ALLOW_THREADS

    PyObject *result = NULL;
    if (st != UNBAKE_OK) {
        raise_status(st);
        goto done;
    }
    if (fl.nomem) {
        PyErr_NoMemory();
        goto done;
    }
    if (out_len > (size_t)PY_SSIZE_T_MAX) {
        PyErr_NoMemory();
        goto done;
    }
    PyObject *text = decode_utf8(out ? out : "", (Py_ssize_t)out_len);
    if (!text)
        goto done;
    if (!want_fixes) {
        result = text;
        goto done;
    }
    PyObject *list = PyList_New((Py_ssize_t)fl.len);
    if (!list) {
        Py_DECREF(text);
        goto done;
    }
    for (size_t i = 0; i < fl.len; i++) {
        PyObject *d = fix_to_dict(&fl.items[i]);
        if (!d) {
            Py_DECREF(list);
            Py_DECREF(text);
            goto done;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, d); /* steals d */
    }
    result = PyTuple_Pack(2, text, list);
    Py_DECREF(text);
    Py_DECREF(list);

done:
    if (out)
        unbake_free(&po.opt, out, out_len);
    fix_list_free(&fl);
    py_opts_release(&po);
    return result;
}

/* Encode a str argument to UTF-8 (surrogateescape). New reference. */
static PyObject *encode_text(PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError,
                     "expected str, not %.100s (use repair_bytes() for bytes)",
                     Py_TYPE(text)->tp_name);
        return NULL;
    }
    return PyUnicode_AsEncodedString(text, "utf-8", "surrogateescape");
}

static PyObject *run_text(PyObject *args, PyObject *kwargs, const char *fname, int want_fixes)
{
    PyObject *text;
    char fmt[64];
    PyOS_snprintf(fmt, sizeof fmt, "O:%s", fname);
    if (!PyArg_ParseTuple(args, fmt, &text))
        return NULL;
    PyObject *utf8 = encode_text(text);
    if (!utf8)
        return NULL;
    /* utf8 is an immutable bytes object we own: safe without the GIL */
    PyObject *r = run(PyBytes_AS_STRING(utf8), PyBytes_GET_SIZE(utf8), kwargs, want_fixes);
    Py_DECREF(utf8);
    return r;
}

static PyObject *run_bytes(PyObject *args, PyObject *kwargs, const char *fname, int want_fixes)
{
    Py_buffer view;
    char fmt[64];
    PyOS_snprintf(fmt, sizeof fmt, "y*:%s", fname);
    if (!PyArg_ParseTuple(args, fmt, &view))
        return NULL;
    /* The buffer export keeps the object alive and unresized while the GIL
     * is released. */
    PyObject *r = run(view.buf, view.len, kwargs, want_fixes);
    PyBuffer_Release(&view);
    return r;
}

/* ---- module functions ---------------------------------------------------- */

static PyObject *py_repair(PyObject *self, PyObject *args, PyObject *kwargs)
{
    (void)self;
    return run_text(args, kwargs, "repair", 0);
}

static PyObject *py_repair_bytes(PyObject *self, PyObject *args, PyObject *kwargs)
{
    (void)self;
    return run_bytes(args, kwargs, "repair_bytes", 0);
}

static PyObject *py_explain_text(PyObject *self, PyObject *args, PyObject *kwargs)
{
    (void)self;
    return run_text(args, kwargs, "repair_explain", 1);
}

static PyObject *py_explain_bytes(PyObject *self, PyObject *args, PyObject *kwargs)
{
    (void)self;
    return run_bytes(args, kwargs, "repair_bytes_explain", 1);
}

static PyObject *py_codecs(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    PyObject *list = PyList_New(0);
    if (!list)
        return NULL;
    for (const char *const *n = unbake_codec_names(); n && *n; n++) {
        PyObject *s = PyUnicode_FromString(*n);
        if (!s || PyList_Append(list, s) < 0) {
            Py_XDECREF(s);
            Py_DECREF(list);
            return NULL;
        }
        Py_DECREF(s);
    }
    return list;
}

static PyObject *py_library_version(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return PyUnicode_FromString(unbake_version());
}

/* The casts go through void (*)(void) so that -Wcast-function-type stays
 * quiet: CPython calls these with the METH_VARARGS | METH_KEYWORDS ABI. */
#define KW_FUNC(f) ((PyCFunction)(void (*)(void))(f))

static PyMethodDef unbake_methods[] = {
    {"repair", KW_FUNC(py_repair), METH_VARARGS | METH_KEYWORDS,
     "repair(text, **options) -> str\n\nRepair the mojibake in text."},
    {"repair_bytes", KW_FUNC(py_repair_bytes), METH_VARARGS | METH_KEYWORDS,
     "repair_bytes(data, **options) -> str\n\nRepair any bytes-like object."},
    {"repair_explain", KW_FUNC(py_explain_text), METH_VARARGS | METH_KEYWORDS,
     "repair_explain(text, **options) -> (str, list of fix dicts)"},
    {"repair_bytes_explain", KW_FUNC(py_explain_bytes), METH_VARARGS | METH_KEYWORDS,
     "repair_bytes_explain(data, **options) -> (str, list of fix dicts)"},
    {"codecs", py_codecs, METH_NOARGS,
     "codecs() -> list of the wrong-codec names the library knows"},
    {"library_version", py_library_version, METH_NOARGS,
     "library_version() -> version string of the linked libunbake"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef unbake_module = {
    PyModuleDef_HEAD_INIT,
    "_unbake",
    "Low-level binding of libunbake; use the unbake package.",
    0,
    unbake_methods,
    NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__unbake(void);

PyMODINIT_FUNC PyInit__unbake(void)
{
    PyObject *m = PyModule_Create(&unbake_module);
    if (!m)
        return NULL;
    if (PyModule_AddStringConstant(m, "LIBRARY_VERSION", unbake_version()) < 0 ||
        PyModule_AddStringConstant(m, "HEADER_VERSION", UNBAKE_VERSION_STRING) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
