# cython: language_level=3, boundscheck=False, wraparound=False
"""The compiled reader of a content model: the happy path of :mod:`ecrislib.xml.compiled`,
reading libxml2's nodes directly. Built only where a C compiler is found (see ``setup.py``);
:mod:`ecrislib.xml.accelerated` says whether it is in use.

The generated Python reader asks lxml for a proxy object of every child element and for new
strings of its tag, text and tail; most of them are plain leaves whose text only goes to a
parse function. This reader walks the children of an element as C structures: it matches
each child's name and namespace against the model's slots, checks that the text between them
is whitespace, and hands a plain leaf's text (stripped as the leaf says) to the same cache or
parse function. It asks lxml for a proxy only where Python code needs the element: a complex
child's codec, a leaf that is not plain, a parse that fails, an ID noted for the later check.

It does what the generated reader does, in the same order, with the same functions. Anything
else (a comment, an element out of order, text between elements, a mandatory element
missing, an unusual node) makes it forget what it read and call the generated reader, which
reads the element again and accepts or refuses it as it always has.
"""

cimport cython
from cpython.bytes cimport PyBytes_AS_STRING
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport strcmp, strlen

from lxml.includes cimport etreepublic as cetree
from lxml.includes.tree cimport (
    XML_CDATA_SECTION_NODE,
    XML_COMMENT_NODE,
    XML_ELEMENT_NODE,
    XML_ENTITY_REF_NODE,
    XML_PI_NODE,
    XML_TEXT_NODE,
    xmlAttr,
    xmlNode,
)

cdef extern from "lxml-version.h":
    cdef char* LXML_VERSION_STRING

cetree.import_lxml__etree()

#: The lxml version whose structures this module was compiled against: it is used only under
#: that same version (see :mod:`ecrislib.xml.accelerated`).
COMPILED_FOR_LXML = (<bytes>LXML_VERSION_STRING).decode("ascii")

# What a slot's element is read with.
cdef enum Kind:
    CODEC = 0  # the child's codec (a complex element, or a leaf the generated reader calls too)
    PARSE = 1  # a plain leaf: its text parsed
    CACHED = 2  # a plain leaf: its text looked up in the leaf's cache first

# Which list an identifier's text is noted in.
cdef enum Note:
    NOTHING = 0
    IDS = 1
    REFS = 2

cdef struct Slot:
    const char* local
    const char* namespace  # NULL: no namespace
    bint many
    bint required
    Kind kind
    bint strip
    Note note


cdef object _AGAIN = object()  # the generated reader must read this element


cdef inline bint _space(char c) noexcept:
    return c == b" " or c == b"\t" or c == b"\n" or c == b"\r"


cdef inline bint _blank(const char* text) noexcept:
    while text[0] != 0:
        if not _space(text[0]):
            return False
        text += 1
    return True


cdef inline bint _named(xmlNode* node, Slot* slot) noexcept:
    if strcmp(<const char*>node.name, slot.local) != 0:
        return False
    if node.ns is NULL or node.ns.href is NULL:
        return slot.namespace is NULL
    return slot.namespace is not NULL and strcmp(<const char*>node.ns.href, slot.namespace) == 0


@cython.final
cdef class Reader:
    """Reads the children of an element as one content model (see the module's docstring);
    called as ``reader(element, ctx)``, like the generated reader it stands in front of."""

    cdef Slot* slots
    cdef Py_ssize_t count
    cdef tuple fields
    cdef tuple reads
    cdef tuple parses
    cdef tuple caches
    cdef tuple errors
    cdef tuple nested  # per slot: (kind, what it needs) when this reader reads that child itself, else None
    cdef list keep  # the bytes the slots' names point into
    cdef object fallback

    def __cinit__(self, slots, nested, fallback):
        slots = tuple(slots)
        self.nested = tuple(nested)
        if len(self.nested) != len(slots):
            raise ValueError("one nested codec (or None) per slot")
        self.count = len(slots)
        self.slots = <Slot*>PyMem_Malloc(max(self.count, 1) * sizeof(Slot))
        if self.slots is NULL:
            raise MemoryError()
        self.keep = []
        self.fallback = fallback
        fields, reads, parses, caches, errors = [], [], [], [], []
        cdef Py_ssize_t index
        cdef Slot* slot
        for index, spec in enumerate(slots):
            slot = &self.slots[index]
            tag = spec.tag
            if tag.startswith("{"):
                namespace, local = tag[1:].split("}", 1)
                encoded = namespace.encode("utf-8")
                self.keep.append(encoded)
                slot.namespace = PyBytes_AS_STRING(encoded)
            else:
                local = tag
                slot.namespace = NULL
            encoded = local.encode("utf-8")
            self.keep.append(encoded)
            slot.local = PyBytes_AS_STRING(encoded)
            slot.many = spec.many
            slot.required = spec.required
            leaf = spec.leaf
            if leaf is None:
                slot.kind = CODEC
                slot.strip = False
                slot.note = NOTHING
            else:
                slot.kind = CACHED if leaf.cache_get is not None else PARSE
                slot.strip = leaf.strip
                slot.note = IDS if leaf.note == "ids" else REFS if leaf.note == "refs" else NOTHING
            fields.append(spec.field)
            reads.append(spec.read)
            parses.append(None if leaf is None else leaf.parse)
            caches.append(None if leaf is None else leaf.cache_get)
            errors.append(None if leaf is None else leaf.errors)
        self.fields = tuple(fields)
        self.reads = tuple(reads)
        self.parses = tuple(parses)
        self.caches = tuple(caches)
        self.errors = tuple(errors)

    def __dealloc__(self):
        PyMem_Free(self.slots)

    @property
    def generated(self):
        """The generated reader this one stands in front of."""
        return self.fallback

    def __call__(self, element, ctx):
        if not isinstance(element, cetree._Element):
            return self.fallback(element, ctx)
        ids = ctx.ids
        refs = ctx.refs
        cdef Py_ssize_t noted_ids = len(ids)
        cdef Py_ssize_t noted_refs = len(refs)
        values = self._read_node((<cetree._Element>element)._c_node, (<cetree._Element>element)._doc, ids, refs, ctx)
        if values is _AGAIN:
            del ids[noted_ids:]
            del refs[noted_refs:]
            return self.fallback(element, ctx)
        return values

    cdef object _read_node(self, xmlNode* parent, cetree._Document doc, list ids, list refs, ctx):
        cdef xmlNode* node = parent.children
        cdef Py_ssize_t position = 0
        cdef Py_ssize_t found
        cdef Py_ssize_t earlier
        cdef bint after_element = False
        cdef Slot* slot
        values = {}
        while node is not NULL:
            if node.type == XML_TEXT_NODE or node.type == XML_CDATA_SECTION_NODE:
                # before the first child: the element's own text, which its codec checks;
                # after a child: that child's tail, which must be whitespace
                if after_element and not _blank(<const char*>node.content):
                    return _AGAIN
                node = node.next
                continue
            if node.type != XML_ELEMENT_NODE:
                return _AGAIN
            after_element = True
            found = position
            while found < self.count and not _named(node, &self.slots[found]):
                found += 1
            if found == self.count:
                return _AGAIN  # unknown, repeated or out of order: the generic loop names it
            for earlier in range(position, found):
                if self.slots[earlier].required and self.fields[earlier] not in values:
                    return _AGAIN  # a mandatory element jumped over
            slot = &self.slots[found]
            value = self._value(found, slot, node, doc, ids, refs, ctx)
            if value is _AGAIN:
                return _AGAIN
            field = self.fields[found]
            if slot.many:
                have = values.get(field)
                if have is None:
                    values[field] = [value]
                else:
                    (<list>have).append(value)
                position = found
            else:
                values[field] = value
                position = found + 1
            node = node.next
        for earlier in range(self.count):
            if self.slots[earlier].required and self.fields[earlier] not in values:
                return _AGAIN
        return values

    cdef object _value(self, Py_ssize_t index, Slot* slot, xmlNode* node, cetree._Document doc, list ids, list refs, ctx):
        cdef xmlNode* child
        cdef Py_ssize_t size = 0
        cdef Py_ssize_t pieces = 0
        cdef bytes joined
        cdef const char* start
        cdef const char* end
        if slot.kind == CODEC:
            nested = self.nested[index]
            if nested is not None:
                kind = (<tuple>nested)[0]
                if kind == "complex" and node.properties is NULL:
                    value = _complex((<tuple>nested)[1], node, doc, ids, refs, ctx)
                elif kind == "text":
                    value = _multilingual(<tuple>nested, node)
                elif kind == "name":
                    value = _name(<tuple>nested, node)
                elif kind == "date":
                    value = _partial_date(<tuple>nested, node)
                elif kind == "typed":
                    value = _typed((<tuple>nested)[1], node, doc, ids, refs, ctx)
                else:
                    value = _AGAIN
                if value is not _AGAIN:
                    return value
            return self.reads[index](cetree.elementFactory(doc, node), ctx)
        if node.properties is not NULL:
            return self.reads[index](cetree.elementFactory(doc, node), ctx)
        # A plain leaf: text (and CDATA) only. lxml's len() counts elements, comments,
        # processing instructions and entity references; the generated reader gives such a
        # leaf to its codec, and so does this one. Any other node: the generated reader reads.
        child = node.children
        while child is not NULL:
            if child.type == XML_TEXT_NODE or child.type == XML_CDATA_SECTION_NODE:
                size += strlen(<const char*>child.content)
                pieces += 1
            elif child.type == XML_ELEMENT_NODE or child.type == XML_COMMENT_NODE or child.type == XML_PI_NODE or child.type == XML_ENTITY_REF_NODE:
                return self.reads[index](cetree.elementFactory(doc, node), ctx)
            else:
                return _AGAIN
            child = child.next
        if size == 0:  # no text: the codec reads it (a schema default, or the error)
            return self.reads[index](cetree.elementFactory(doc, node), ctx)
        if pieces == 1:
            start = <const char*>node.children.content
        else:  # text and CDATA sections: lxml joins them
            parts = []
            child = node.children
            while child is not NULL:
                parts.append(<bytes>(<const char*>child.content))
                child = child.next
            joined = b"".join(parts)
            start = PyBytes_AS_STRING(joined)
        end = start + size
        if slot.strip:  # XML whitespace is ASCII: stripping the bytes strips the text
            while start < end and _space(start[0]):
                start += 1
            while end > start and _space((end - 1)[0]):
                end -= 1
        text = PyUnicode_DecodeUTF8(start, end - start, NULL)
        if slot.kind == CACHED:
            value = self.caches[index](text)
            if value is None:
                return self.reads[index](cetree.elementFactory(doc, node), ctx)
        else:
            try:
                value = self.parses[index](text)
            except self.errors[index]:
                return self.reads[index](cetree.elementFactory(doc, node), ctx)
        if slot.note == IDS:
            ids.append((text, cetree.elementFactory(doc, node)))
        elif slot.note == REFS:
            refs.append((text, cetree.elementFactory(doc, node)))
        return value




cdef object _typed(dict by_type, xmlNode* node, cetree._Document doc, list ids, list refs, ctx):
    """What ``Typed.read`` does for an element whose one attribute is an ``xsi:type`` on the
    element's own prefix, naming a type the codec reads and which has no attributes of its
    own: that type's children, then its object. Anything else: _AGAIN."""
    cdef xmlAttr* attribute = node.properties
    if attribute is NULL or attribute.next is not NULL or not _is_xsi_type(attribute):
        return _AGAIN
    raw = _attribute(attribute)
    if raw is _AGAIN:
        return _AGAIN
    named_prefix, _, local = (<str>raw).strip(" \t\n\r").rpartition(":")
    if node.ns is NULL:
        if named_prefix:
            return _AGAIN
        namespace = ""
    else:
        own_prefix = _decode(<const char*>node.ns.prefix) if node.ns.prefix is not NULL else ""
        if named_prefix != own_prefix:
            return _AGAIN  # another prefix: its namespace comes from the namespace map
        namespace = _decode(<const char*>node.ns.href)
    codec = by_type.get((namespace, local))
    if codec is None or codec.attributes:
        return _AGAIN
    return _complex(codec, node, doc, ids, refs, ctx)


cdef inline bint _is_xsi_type(xmlAttr* attribute) noexcept:
    return attribute.ns is not NULL and strcmp(<const char*>attribute.name, b"type") == 0 and strcmp(<const char*>attribute.ns.href, b"http://www.w3.org/2001/XMLSchema-instance") == 0


cdef object _complex(codec, xmlNode* node, cetree._Document doc, list ids, list refs, ctx):
    """What ``Complex.read`` does for a complex child without attributes: its children read
    by its own compiled reader, then its object made. Anything else (text inside it, a reader
    not yet compiled, a child the compiled reader leaves to the generated one, a rule the
    object breaks): _AGAIN, and the codec reads the child again."""
    cdef xmlNode* child = node.children
    cdef Py_ssize_t noted_ids = len(ids)
    cdef Py_ssize_t noted_refs = len(refs)
    while child is not NULL and (child.type == XML_TEXT_NODE or child.type == XML_CDATA_SECTION_NODE):
        if not _blank(<const char*>child.content):
            return _AGAIN
        child = child.next
    content = codec.content.read
    if type(content) is Reader:
        values = (<Reader>content)._read_node(node, doc, ids, refs, ctx)
        if values is not _AGAIN:
            try:
                return codec.make(values)
            except Exception:
                pass
        del ids[noted_ids:]
        del refs[noted_refs:]
    return _AGAIN


cdef object _text_of(xmlNode* node):
    """The text of a simple element whose children are all text (or CDATA), "" without any;
    _AGAIN for any other child."""
    return _joined(node.children, True)


cdef object _joined(xmlNode* child, bint cdata):
    """The content of ``child`` and its next siblings joined, when all are text nodes (or
    CDATA sections, if ``cdata``); "" for none, _AGAIN for any other node."""
    if child is NULL:
        return ""
    if child.next is NULL and (child.type == XML_TEXT_NODE or (cdata and child.type == XML_CDATA_SECTION_NODE)):
        return _decode(<const char*>child.content)  # the usual case: one text node
    parts = []
    while child is not NULL:
        if child.type != XML_TEXT_NODE and not (cdata and child.type == XML_CDATA_SECTION_NODE):
            return _AGAIN
        parts.append(<bytes>(<const char*>child.content))
        child = child.next
    return b"".join(parts).decode("utf-8")


cdef inline str _decode(const char* text):
    return PyUnicode_DecodeUTF8(text, strlen(text), NULL)


cdef object _attribute(xmlAttr* attribute):
    """An attribute's value (text nodes only), or _AGAIN."""
    return _joined(attribute.children, False)


cdef inline bint _plain_named(xmlAttr* attribute, const char* name) noexcept:
    return attribute.ns is NULL and strcmp(<const char*>attribute.name, name) == 0


cdef object _multilingual(tuple nested, xmlNode* node):
    """``MultilingualCodec.read`` on the usual text: no attribute on the element, only
    representations in it (text only, with ``languageCode`` and ``translated`` alone), each
    a valid Text. Anything else: _AGAIN. ``nested``: ("text", make, Text, parse_bool,
    representation namespace, representation local name)."""
    _kind, make, text_class, parse_bool, namespace, local = nested
    cdef const char* c_namespace = PyBytes_AS_STRING(namespace)
    cdef const char* c_local = PyBytes_AS_STRING(local)
    cdef xmlNode* child
    cdef xmlAttr* attribute
    if node.properties is not NULL:
        return _AGAIN
    representations = []
    child = node.children
    while child is not NULL:
        if child.type == XML_TEXT_NODE or child.type == XML_CDATA_SECTION_NODE:
            if not _blank(<const char*>child.content):
                return _AGAIN  # text outside the representations: the codec refuses it
            child = child.next
            continue
        if child.type != XML_ELEMENT_NODE or child.ns is NULL or strcmp(<const char*>child.name, c_local) != 0 or strcmp(<const char*>child.ns.href, c_namespace) != 0:
            return _AGAIN
        text = _text_of(child)
        if text is _AGAIN:
            return _AGAIN
        language = translated = None
        attribute = child.properties
        while attribute is not NULL:
            raw = _attribute(attribute)
            if raw is _AGAIN:
                return _AGAIN
            if _plain_named(attribute, b"languageCode"):
                language = (<str>raw).strip(" \t\n\r")
            elif _plain_named(attribute, b"translated"):
                try:
                    translated = parse_bool((<str>raw).strip(" \t\n\r"))
                except ValueError:
                    return _AGAIN
            else:
                return _AGAIN
            attribute = attribute.next
        try:
            representations.append(text_class(text, language, translated))
        except Exception:
            return _AGAIN
        child = child.next
    if not representations:
        return _AGAIN
    try:
        return make({"representations": tuple(representations)})
    except Exception:
        return _AGAIN


cdef object _name(tuple nested, xmlNode* node):
    """``NameCodec.read`` on the usual name: text only, ``languageCode`` its one attribute
    if any, a valid Name. Anything else: _AGAIN. ``nested``: ("name", Name)."""
    cdef xmlAttr* attribute = node.properties
    text = _text_of(node)
    if text is _AGAIN:
        return _AGAIN
    language = None
    if attribute is not NULL:
        if attribute.next is not NULL or not _plain_named(attribute, b"languageCode"):
            return _AGAIN
        raw = _attribute(attribute)
        if raw is _AGAIN:
            return _AGAIN
        language = (<str>raw).strip(" \t\n\r")
    try:
        return (<tuple>nested)[1](text, language)
    except Exception:
        return _AGAIN


cdef bint _elements_of(xmlNode* node, xmlNode** found, int most) noexcept:
    """The element children of ``node`` into ``found`` (NULL after the last), when there are at
    most ``most``, with whitespace only between and after them and no other node."""
    cdef xmlNode* child = node.children
    cdef int count = 0
    cdef bint after_element = False
    while child is not NULL:
        if child.type == XML_TEXT_NODE or child.type == XML_CDATA_SECTION_NODE:
            if after_element and not _blank(<const char*>child.content):
                return False
        elif child.type == XML_ELEMENT_NODE:
            if count == most:
                return False
            found[count] = child
            count += 1
            after_element = True
        else:
            return False
        child = child.next
    found[count] = NULL
    return True


cdef inline bint _is(xmlNode* node, const char* namespace, const char* local) noexcept:
    return node is not NULL and node.ns is not NULL and strcmp(<const char*>node.name, local) == 0 and strcmp(<const char*>node.ns.href, namespace) == 0


cdef object _g_part(xmlNode* node, pattern):
    """``binding._g_part`` on a part with text: (number, time zone), or _AGAIN."""
    if node.properties is not NULL:
        return _AGAIN
    text = _text_of(node)
    if text is _AGAIN:
        return _AGAIN
    text = (<str>text).strip(" \t\n\r")
    if not text:
        return _AGAIN  # the schema default, or the error: the codec says which
    match = pattern.match(text)
    if match is None:
        return _AGAIN
    return int(match.group(1)), match.group(2)


cdef object _partial_date(tuple nested, xmlNode* node):
    """``PartialDateCodec.read`` on the usual date: a year, then maybe a month and a day,
    no attribute, every part with its text. Anything else: _AGAIN. ``nested``: ("date",
    PartialDate, the year, month and day patterns, the namespace and the four local names
    in UTF-8)."""
    _kind, make, year_pattern, month_pattern, day_pattern, namespace, year_name, month_day_name, month_name, day_name = nested
    cdef const char* c_namespace = PyBytes_AS_STRING(namespace)
    cdef xmlNode* children[3]
    cdef xmlNode* parts[3]
    if node.properties is not NULL or not _elements_of(node, children, 2):
        return _AGAIN
    if not _is(children[0], c_namespace, PyBytes_AS_STRING(year_name)):
        return _AGAIN
    year = _g_part(children[0], year_pattern)
    if year is _AGAIN:
        return _AGAIN
    month = day = (None, None)
    if children[1] is not NULL:
        if not _is(children[1], c_namespace, PyBytes_AS_STRING(month_day_name)) or children[1].properties is not NULL:
            return _AGAIN
        if not _elements_of(children[1], parts, 2) or not _is(parts[0], c_namespace, PyBytes_AS_STRING(month_name)):
            return _AGAIN
        month = _g_part(parts[0], month_pattern)
        if month is _AGAIN:
            return _AGAIN
        if parts[1] is not NULL:
            if not _is(parts[1], c_namespace, PyBytes_AS_STRING(day_name)):
                return _AGAIN
            day = _g_part(parts[1], day_pattern)
            if day is _AGAIN:
                return _AGAIN
    try:
        if year[1] is None and month[1] is None and day[1] is None:
            return make(year[0], month[0], day[0])
        return make(year[0], month[0], day[0], year_zone=year[1], month_zone=month[1], day_zone=day[1])
    except Exception:
        return _AGAIN
