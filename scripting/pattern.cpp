// Lua 5.4 pattern matching (reference manual §6.4.1), written from the manual for this
// project, with a step meter so that a script cannot stay inside it past its budget.
//
// The matcher is a backtracking interpreter over the raw bytes of the pattern, like Lua's
// own: nothing is compiled ahead, which keeps short calls cheap and makes errors in a
// malformed pattern appear exactly when Lua's would (only when matching reaches them; for
// example ("x"):find("a%") is nil, not an error). Its recursion happens at the same points
// as Lua's (captures, quantifiers, '?'), so the depth limit, and with it the
// "pattern too complex" error, also agrees.

#include "pattern.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>

namespace oh {

namespace {

constexpr int max_captures = 32;            // Lua's LUA_MAXCAPTURES
constexpr int max_match_depth = 200;        // Lua's MAXCCALLS: nested matcher calls per attempt
constexpr std::size_t block_size = 64;      // bytes compared per step by plain find and %1
constexpr std::ptrdiff_t scan_chunk = 4096; // bytes a scan goes on before it is charged
constexpr char esc = '%';

// Capture lengths that are not lengths.
constexpr std::ptrdiff_t cap_unclosed = -1;
constexpr std::ptrdiff_t cap_position = -2;

int byte(char c) {
    return static_cast<unsigned char>(c);
}

// luaL_error never returns (it throws here), but is not declared [[noreturn]].
template <typename... Args>
[[noreturn]] void raise(lua_State* L, const char* fmt, Args... args) {
    luaL_error(L, fmt, args...);
    std::abort(); // unreachable
}

constexpr std::string_view class_letters = "acdglpsuwxz";

// Membership in the class of a letter from class_letters, by <cctype> as Lua decides it.
// %z (the zero byte) left the manual in 5.2, but Lua 5.4 still accepts it, so we do too.
bool in_class(int c, char letter) {
    switch (letter) {
    case 'a':
        return std::isalpha(c) != 0;
    case 'c':
        return std::iscntrl(c) != 0;
    case 'd':
        return std::isdigit(c) != 0;
    case 'g':
        return std::isgraph(c) != 0;
    case 'l':
        return std::islower(c) != 0;
    case 'p':
        return std::ispunct(c) != 0;
    case 's':
        return std::isspace(c) != 0;
    case 'u':
        return std::isupper(c) != 0;
    case 'w':
        return std::isalnum(c) != 0;
    case 'x':
        return std::isxdigit(c) != 0;
    case 'z':
        return c == 0;
    default:
        return false;
    }
}

// The single-letter classes (%a, %A, ...). Lua asks <cctype> (tolower, isupper, isalpha,
// ...) for every character it tests; we ask it for all 256 bytes once, when the functions
// are installed, because those calls made matching about half again slower than Lua's.
// The only difference: a setlocale() in the host after installation is not seen (scripts
// cannot call os.setlocale in the sandbox).
class ClassTable {
  public:
    ClassTable() {
        for (int c = 0; c < 256; ++c) {
            members_[c] = 0;
            for (std::size_t k = 0; k < class_letters.size(); ++k)
                if (in_class(c, class_letters[k]))
                    members_[c] |= static_cast<std::uint16_t>(1u << k);
            const std::size_t k = class_letters.find(static_cast<char>(std::tolower(c)));
            letter_class_[c] = k == std::string_view::npos ? -1 : static_cast<std::int16_t>(k);
            negated_[c] = std::isupper(c) != 0;
        }
    }

    // Whether c is in the class "%cls"; any character but a class letter stands for itself.
    bool matches(int c, int cls) const {
        const int k = letter_class_[cls];
        if (k < 0) return cls == c;
        return (((members_[c] >> k) & 1) != 0) != negated_[cls];
    }

  private:
    std::uint16_t members_[256];     // bit k: in the class of class_letters[k]
    std::int16_t letter_class_[256]; // k for a class letter (either case), else -1
    bool negated_[256];              // upper case: the complement
};

// What install_bounded_patterns was given; a full userdata shared as upvalue 1.
struct Settings {
    PatternTick tick;
    std::uint64_t max_steps;
    ClassTable classes;
};

const Settings& settings_at(lua_State* L, int index) {
    return *static_cast<const Settings*>(lua_touserdata(L, index));
}

// Counts one call's work: ticks the host every pattern_tick_interval steps and gives up at
// the hard limit.
class StepMeter {
  public:
    StepMeter(lua_State* L, const Settings& settings, const char* fname)
        : L_(L), tick_(settings.tick), max_steps_(settings.max_steps), fname_(fname),
          next_check_(std::min(pattern_tick_interval, max_steps_)) {}

    void charge(std::uint64_t n = 1) {
        steps_ += n;
        if (steps_ >= next_check_) [[unlikely]]
            checkpoint();
    }

  private:
    void checkpoint() {
        if (steps_ >= max_steps_)
            raise(L_, "pattern too complex: gave up after %I steps (%s)",
                  static_cast<lua_Integer>(max_steps_), fname_);
        if (tick_) tick_(L_); // may raise: the script is out of time
        next_check_ = std::min(steps_ + pattern_tick_interval, max_steps_);
    }

    lua_State* L_;
    PatternTick tick_;
    std::uint64_t max_steps_;
    const char* fname_; // for the error message, e.g. "string.find"
    std::uint64_t steps_ = 0;
    std::uint64_t next_check_;
};

// memcmp in blocks, one step each, so a long comparison repeated at many positions is
// metered by the bytes it really compares.
bool same_bytes(StepMeter& meter, const char* a, const char* b, std::size_t n) {
    meter.charge();
    for (; n > block_size; n -= block_size, a += block_size, b += block_size) {
        if (std::memcmp(a, b, block_size) != 0) return false;
        meter.charge();
    }
    return std::memcmp(a, b, n) == 0;
}

// string.find with plain (or a pattern without magic characters): the first occurrence of
// the needle, or null. An empty needle is found at once.
const char* find_plain(StepMeter& meter, const char* hay, std::size_t hay_len, const char* needle,
                       std::size_t needle_len) {
    if (needle_len == 0) return hay;
    if (needle_len > hay_len) return nullptr;
    const char* const last = hay + (hay_len - needle_len); // last possible start
    for (const char* at = hay; at <= last; ++at) {
        const void* hit = std::memchr(at, needle[0], static_cast<std::size_t>(last - at) + 1);
        if (!hit) return nullptr;
        at = static_cast<const char*>(hit);
        if (same_bytes(meter, at + 1, needle + 1, needle_len - 1)) return at;
    }
    return nullptr;
}

// A set "[...]" from `open` (its '[') to `close` (its ']'). The first member may be ']'
// and is never a range end; "x-y" is a range only when y is not the closing bracket.
bool set_matches(const ClassTable& classes, int c, const char* open, const char* close) {
    const char* p = open + 1;
    const bool negated = *p == '^';
    if (negated) ++p;
    for (; p < close; ++p) {
        if (*p == esc) {
            ++p;
            if (classes.matches(c, byte(*p))) return !negated;
        } else if (p[1] == '-' && p + 2 < close) {
            if (byte(p[0]) <= c && c <= byte(p[2])) return !negated;
            p += 2;
        } else if (byte(*p) == c) {
            return !negated;
        }
    }
    return negated;
}

// Whether a single-character item (a character, '.', %x or a set, from p to ep) matches c.
bool item_matches(const ClassTable& classes, int c, const char* p, const char* ep) {
    switch (*p) {
    case '.':
        return true;
    case esc:
        return classes.matches(c, byte(p[1]));
    case '[':
        return set_matches(classes, c, p, ep - 1);
    default:
        return byte(*p) == c;
    }
}

bool is_lazy_or_optional(char q) {
    return q == '*' || q == '?' || q == '-';
}

struct Span {
    const char* begin = nullptr; // null: no match
    const char* end = nullptr;
};

struct Capture {
    const char* start;
    std::ptrdiff_t len; // or cap_unclosed / cap_position
};

// Keeps the nesting depth of Matcher::match for one frame.
class DepthGuard {
  public:
    explicit DepthGuard(int& depth) : depth_(depth) { ++depth_; }
    ~DepthGuard() { --depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

  private:
    int& depth_;
};

// One call's matching state over one subject and one pattern.
class Matcher {
  public:
    Matcher(lua_State* L, const char* s, std::size_t ls, const char* pattern_end,
            const Settings& settings, const char* fname)
        : L_(L), src_(s), src_end_(s + ls), pat_end_(pattern_end), classes_(settings.classes),
          meter_(L, settings, fname) {}

    // The first match of pattern p at or after `from` (only at `from` when anchored) whose end
    // is not `avoid_end`: gmatch and gsub never take an empty match right where the previous
    // match ended.
    Span search(const char* from, const char* p, bool anchored, const char* avoid_end);

    // Pushes the captures of the last match, or the whole match [s, e) when there are none
    // and whole_if_none; returns how many.
    int push_captures(const char* s, const char* e, bool whole_if_none);
    // Pushes capture i, or the whole match when the pattern has no captures and i is 0.
    void push_capture(int i, const char* s, const char* e);
    // Appends capture i (as push_capture chooses it) to b, whose box is on top.
    void add_capture(luaL_Buffer* b, int i, const char* s, const char* e);
    // For work done on the matcher's behalf (gsub's replacements).
    void charge(std::uint64_t steps) { meter_.charge(steps); }

  private:
    const char* attempt(const char* s, const char* p) {
        level_ = 0;
        depth_ = 0;
        return match(s, p);
    }
    const char* match(const char* s, const char* p);
    const char* item_end(const char* p) const;
    bool single(const char* s, const char* p, const char* ep) const {
        return s < src_end_ && item_matches(classes_, byte(*s), p, ep);
    }
    const char* greedy(const char* s, const char* p, const char* ep);
    std::ptrdiff_t run_length(const char* s, const char* p, const char* ep);
    const char* lazy(const char* s, const char* p, const char* ep);
    const char* open_capture(const char* s, const char* p, std::ptrdiff_t kind);
    const char* close_capture(const char* s, const char* p);
    const char* balanced(const char* s, const char* p);
    const char* frontier(const char* s, const char* p);
    const char* back_reference(const char* s, char digit);
    int required_first_byte(const char* p) const;
    // Steps for one test of the item from p to ep: a set is scanned (to find its end, then
    // its members) at each test, so a long one costs in proportion.
    static std::uint64_t item_cost(const char* p, const char* ep) {
        return 1 + (static_cast<std::uint64_t>(ep - p) >> 1);
    }
    bool may_start_at(const char* s, int first) const;
    Capture capture(int i, const char* s, const char* e) const;

    lua_State* L_;
    const char* src_; // the subject
    const char* src_end_;
    const char* pat_end_;
    const ClassTable& classes_;
    StepMeter meter_;
    int level_ = 0;              // captures opened so far
    int depth_ = 0;              // nested match() calls
    Capture caps_[max_captures]; // only the first level_ are meaningful: no clearing per call
};

Span Matcher::search(const char* from, const char* p, bool anchored, const char* avoid_end) {
    const int first = anchored ? -1 : required_first_byte(p);
    for (const char* at = from;; ++at) {
        if (first >= 0) {
            // No match can start before the next occurrence of its first byte.
            const void* next = std::memchr(at, first, static_cast<std::size_t>(src_end_ - at));
            if (!next) return {};
            at = static_cast<const char*>(next);
        }
        const char* e = attempt(at, p);
        if (e && e != avoid_end) return {at, e};
        if (anchored || at == src_end_) return {};
    }
}

// Matches the rest of the pattern, from p, against the subject from s; returns the end of
// the match or null. Recurses only where it may have to come back (captures, quantifiers).
const char* Matcher::match(const char* s, const char* p) {
    if (depth_ >= max_match_depth) raise(L_, "pattern too complex");
    const DepthGuard guard(depth_);
    meter_.charge();
    while (p != pat_end_) {
        switch (*p) {
        case '(':
            if (p + 1 != pat_end_ && p[1] == ')') return open_capture(s, p + 2, cap_position);
            return open_capture(s, p + 1, cap_unclosed);
        case ')':
            return close_capture(s, p + 1);
        case '$':
            if (p + 1 == pat_end_) return s == src_end_ ? s : nullptr;
            break; // elsewhere '$' is an ordinary character
        case esc:
            if (p + 1 == pat_end_) break; // item_end reports it
            if (p[1] == 'b') {
                s = balanced(s, p + 2);
                if (!s) return nullptr;
                p += 4;
                continue;
            }
            if (p[1] == 'f') {
                p = frontier(s, p + 2);
                if (!p) return nullptr;
                continue;
            }
            if (p[1] >= '0' && p[1] <= '9') {
                s = back_reference(s, p[1]);
                if (!s) return nullptr;
                p += 2;
                continue;
            }
            break; // a class such as %a, or an escaped character
        default:
            break;
        }
        // A single-character item, perhaps quantified.
        const char* ep = item_end(p);
        const char q = ep == pat_end_ ? '\0' : *ep;
        meter_.charge(item_cost(p, ep));
        if (!single(s, p, ep)) {
            if (!is_lazy_or_optional(q)) return nullptr;
            p = ep + 1; // zero occurrences will do
            continue;
        }
        switch (q) {
        case '?':
            if (const char* e = match(s + 1, ep + 1)) return e;
            p = ep + 1;
            continue;
        case '+':
            return greedy(s + 1, p, ep);
        case '*':
            return greedy(s, p, ep);
        case '-':
            return lazy(s, p, ep);
        default:
            ++s;
            p = ep;
            continue;
        }
    }
    return s;
}

// The end of the single-character item at p.
const char* Matcher::item_end(const char* p) const {
    const char c = *p++;
    if (c == esc) {
        if (p == pat_end_) raise(L_, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (c != '[') return p;
    if (p != pat_end_ && *p == '^') ++p;
    do { // the first member is taken as is, even a ']'
        if (p == pat_end_) raise(L_, "malformed pattern (missing ']')");
        const char member = *p++;
        if (member == esc && p != pat_end_) ++p;
    } while (p == pat_end_ || *p != ']');
    return p + 1;
}

// As many repetitions of the item as possible from s, then fewer until the rest matches.
const char* Matcher::greedy(const char* s, const char* p, const char* ep) {
    std::ptrdiff_t n = *p == '.' ? src_end_ - s : run_length(s, p, ep);
    const int first = required_first_byte(ep + 1);
    std::uint64_t skipped = 0; // positions passed over are steps too, charged in bulk
    for (; n >= 0; --n) {
        if (!may_start_at(s + n, first)) {
            ++skipped;
            continue;
        }
        meter_.charge(skipped);
        skipped = 0;
        if (const char* e = match(s + n, ep + 1)) return e;
    }
    meter_.charge(skipped);
    return nullptr;
}

// How many times in a row the item matches from s. Charged every scan_chunk bytes, so
// that even a scan of a long subject with a long set reaches the tick in time.
std::ptrdiff_t Matcher::run_length(const char* s, const char* p, const char* ep) {
    const std::uint64_t cost = item_cost(p, ep);
    const std::ptrdiff_t available = src_end_ - s;
    std::ptrdiff_t n = 0;
    for (;;) {
        const std::ptrdiff_t from = n;
        const std::ptrdiff_t stop = std::min(available, n + scan_chunk);
        while (n < stop && item_matches(classes_, byte(s[n]), p, ep)) ++n;
        meter_.charge(static_cast<std::uint64_t>(n - from) * cost);
        if (n < stop || n == available) return n;
    }
}

// As few repetitions of the item as possible from s, more only while the rest fails.
const char* Matcher::lazy(const char* s, const char* p, const char* ep) {
    const int first = required_first_byte(ep + 1);
    for (;; ++s) {
        if (may_start_at(s, first)) {
            if (const char* e = match(s, ep + 1)) return e;
        }
        meter_.charge(item_cost(p, ep));
        if (!single(s, p, ep)) return nullptr;
    }
}

const char* Matcher::open_capture(const char* s, const char* p, std::ptrdiff_t kind) {
    if (level_ >= max_captures) raise(L_, "too many captures");
    caps_[level_] = {s, kind};
    ++level_;
    const char* e = match(s, p);
    if (!e) --level_; // undo on backtracking
    return e;
}

const char* Matcher::close_capture(const char* s, const char* p) {
    int i = level_ - 1;
    while (i >= 0 && caps_[i].len != cap_unclosed) --i;
    if (i < 0) raise(L_, "invalid pattern capture");
    caps_[i].len = s - caps_[i].start;
    const char* e = match(s, p);
    if (!e) caps_[i].len = cap_unclosed; // undo on backtracking
    return e;
}

// %bxy at s, with p at x: a balanced run from an x to its matching y.
const char* Matcher::balanced(const char* s, const char* p) {
    if (pat_end_ - p < 2) raise(L_, "malformed pattern (missing arguments to '%%b')");
    if (s == src_end_ || *s != p[0]) return nullptr;
    const char open = p[0];
    const char close = p[1];
    int nesting = 1;
    const char* at = s + 1;
    while (at < src_end_) {
        // Scanned in chunks, each charged, so that a long scan reaches the tick in time.
        const char* const from = at;
        const char* const stop = src_end_ - at > scan_chunk ? at + scan_chunk : src_end_;
        for (; at < stop; ++at) {
            if (*at == close) { // checked first: with x == y the next x closes
                if (--nesting == 0) break;
            } else if (*at == open) {
                ++nesting;
            }
        }
        meter_.charge(static_cast<std::uint64_t>(at - from) + 1);
        if (nesting == 0) return at + 1;
    }
    return nullptr;
}

// %f[set] at s, with p after "%f": matches the empty string between a character not in the
// set and one in it; the subject's edges count as '\0'. Returns the pattern after the set.
const char* Matcher::frontier(const char* s, const char* p) {
    if (p == pat_end_ || *p != '[') raise(L_, "missing '[' after '%%f' in pattern");
    const char* ep = item_end(p);
    meter_.charge(item_cost(p, ep));
    const int before = s == src_ ? 0 : byte(s[-1]);
    const int after = s == src_end_ ? 0 : byte(*s);
    if (set_matches(classes_, before, p, ep - 1) || !set_matches(classes_, after, p, ep - 1))
        return nullptr;
    return ep;
}

// %1 to %9 at s: the text of that (closed) capture again. A position capture never matches.
const char* Matcher::back_reference(const char* s, char digit) {
    const int i = digit - '1';
    if (i < 0 || i >= level_ || caps_[i].len == cap_unclosed)
        raise(L_, "invalid capture index %%%d", i + 1);
    const std::ptrdiff_t len = caps_[i].len;
    if (len == cap_position || src_end_ - s < len) return nullptr;
    if (!same_bytes(meter_, caps_[i].start, s, static_cast<std::size_t>(len))) return nullptr;
    return s + len;
}

// The byte a match of p must start with, when p begins with a plain character that has to
// occur at least once; -1 otherwise. Lets searching skip ahead with memchr and backtracking
// skip positions without calling match(), neither of which can change what Lua would do.
int Matcher::required_first_byte(const char* p) const {
    if (p == pat_end_) return -1;
    switch (*p) {
    case '(':
    case ')':
    case esc:
    case '.':
    case '[':
        return -1;
    case '$':
        if (p + 1 == pat_end_) return -1;
        break;
    default:
        break;
    }
    if (p + 1 != pat_end_ && is_lazy_or_optional(p[1])) return -1;
    return byte(*p);
}

// Whether match() could succeed at s given the byte it must start with. At the depth limit
// the call must still be made: it raises "pattern too complex" as Lua's does.
bool Matcher::may_start_at(const char* s, int first) const {
    return first < 0 || depth_ >= max_match_depth || (s != src_end_ && byte(*s) == first);
}

Capture Matcher::capture(int i, const char* s, const char* e) const {
    if (i >= level_) {
        if (i != 0) raise(L_, "invalid capture index %%%d", i + 1);
        return {s, e - s};
    }
    if (caps_[i].len == cap_unclosed) raise(L_, "unfinished capture");
    return caps_[i];
}

void Matcher::push_capture(int i, const char* s, const char* e) {
    const Capture c = capture(i, s, e);
    if (c.len == cap_position)
        lua_pushinteger(L_, c.start - src_ + 1); // ... position
    else
        lua_pushlstring(L_, c.start, static_cast<std::size_t>(c.len)); // ... text
}

int Matcher::push_captures(const char* s, const char* e, bool whole_if_none) {
    const int n = level_ == 0 && whole_if_none ? 1 : level_;
    if (n == 0) return 0;
    luaL_checkstack(L_, n, "too many captures");
    for (int i = 0; i < n; ++i) push_capture(i, s, e); // ... captures
    return n;
}

void Matcher::add_capture(luaL_Buffer* b, int i, const char* s, const char* e) {
    const Capture c = capture(i, s, e);
    if (c.len == cap_position) {
        lua_pushinteger(L_, c.start - src_ + 1); // ... box position
        luaL_addvalue(b);                        // ... box
    } else {
        luaL_addlstring(b, c.start, static_cast<std::size_t>(c.len));
    }
}

// Lua 5.4's init argument as an offset: 1-based, negative counts from the end, too far
// back means the start. May exceed the length (callers check).
std::size_t start_offset(lua_Integer init, std::size_t len) {
    if (init > 0) return static_cast<std::size_t>(init) - 1;
    if (init == 0 || init < -static_cast<lua_Integer>(len)) return 0;
    return len - static_cast<std::size_t>(-init);
}

bool is_magic(char c) {
    switch (c) {
    case '^':
    case '$':
    case '*':
    case '+':
    case '?':
    case '.':
    case '(':
    case '[':
    case '%':
    case '-':
        return true;
    default:
        return false;
    }
}

// string.find and string.match: s pattern [init [plain]].
int find_or_match(lua_State* L, bool find) {
    std::size_t ls = 0;
    std::size_t lp = 0;
    const char* s = luaL_checklstring(L, 1, &ls);
    const char* p = luaL_checklstring(L, 2, &lp);
    const std::size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls) {
        luaL_pushfail(L); // ... nil
        return 1;
    }
    const Settings& settings = settings_at(L, lua_upvalueindex(1));
    const char* fname = find ? "string.find" : "string.match";
    if (find && (lua_toboolean(L, 4) || std::none_of(p, p + lp, is_magic))) {
        StepMeter meter(L, settings, fname);
        const char* hit = find_plain(meter, s + init, ls - init, p, lp);
        if (!hit) {
            luaL_pushfail(L); // ... nil
            return 1;
        }
        lua_pushinteger(L, hit - s + 1);                            // ... start
        lua_pushinteger(L, hit - s + static_cast<lua_Integer>(lp)); // ... start end
        return 2;
    }
    Matcher m(L, s, ls, p + lp, settings, fname);
    const bool anchored = lp > 0 && *p == '^';
    const Span hit = m.search(s + init, anchored ? p + 1 : p, anchored, nullptr);
    if (!hit.begin) {
        luaL_pushfail(L); // ... nil
        return 1;
    }
    if (!find) return m.push_captures(hit.begin, hit.end, true); // ... captures
    lua_pushinteger(L, hit.begin - s + 1);                       // ... start
    lua_pushinteger(L, hit.end - s);                             // ... start end
    return 2 + m.push_captures(nullptr, nullptr, false);         // ... start end captures
}

int str_find(lua_State* L) {
    return find_or_match(L, true);
}
int str_match(lua_State* L) {
    return find_or_match(L, false);
}

// Where a gmatch iterator goes on from; a full userdata, upvalue 3 of the iterator.
struct GmatchState {
    std::size_t next;        // offset to search from; past the end when exhausted by init
    std::ptrdiff_t last_end; // offset where the previous match ended, -1 before the first
};

// The gmatch iterator. Upvalues: s, pattern, GmatchState, Settings.
int gmatch_step(lua_State* L) {
    std::size_t ls = 0;
    std::size_t lp = 0;
    const char* s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char* p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    auto* state = static_cast<GmatchState*>(lua_touserdata(L, lua_upvalueindex(3)));
    Matcher m(L, s, ls, p + lp, settings_at(L, lua_upvalueindex(4)), "string.gmatch");
    // No anchor here: a leading '^' would stop the iteration, so it is an ordinary character.
    if (state->next > ls) return 0; // init was past the end
    const char* avoid = state->last_end < 0 ? nullptr : s + state->last_end;
    const Span hit = m.search(s + state->next, p, false, avoid);
    if (!hit.begin) return 0;
    state->next = static_cast<std::size_t>(hit.end - s);
    state->last_end = hit.end - s;
    return m.push_captures(hit.begin, hit.end, true); // captures
}

// string.gmatch: s pattern [init].
int str_gmatch(lua_State* L) {
    std::size_t ls = 0;
    luaL_checklstring(L, 1, &ls);
    luaL_checkstring(L, 2);
    const std::size_t init = std::min(start_offset(luaL_optinteger(L, 3, 1), ls), ls + 1);
    lua_settop(L, 2);                                            // s pattern
    void* memory = lua_newuserdatauv(L, sizeof(GmatchState), 0); // s pattern state
    new (memory) GmatchState{init, -1};
    lua_pushvalue(L, lua_upvalueindex(1)); // s pattern state settings
    lua_pushcclosure(L, gmatch_step, 4);   // iterator
    return 1;
}

// Appends gsub's replacement string (argument 3) for the match [s, e): %0 is the match,
// %1-%9 captures, %% a '%'.
void add_expansion(lua_State* L, Matcher& m, luaL_Buffer* b, const char* s, const char* e) {
    std::size_t len = 0;
    const char* r = lua_tolstring(L, 3, &len);
    const char* const r_end = r + len;
    // Charged: an empty match at every position of a long subject, replaced by a long
    // string that expands to nothing ("%0%0..."), would otherwise loop unmetered.
    m.charge(1 + len / block_size);
    while (const void* found = std::memchr(r, esc, static_cast<std::size_t>(r_end - r))) {
        const char* pct = static_cast<const char*>(found);
        m.charge(4); // a memchr and an append or two
        luaL_addlstring(b, r, static_cast<std::size_t>(pct - r));
        const char d = pct + 1 == r_end ? '\0' : pct[1];
        if (d == esc)
            luaL_addchar(b, esc);
        else if (d == '0')
            luaL_addlstring(b, s, static_cast<std::size_t>(e - s));
        else if (std::isdigit(byte(d)))
            m.add_capture(b, d - '1', s, e);
        else
            raise(L, "invalid use of '%c' in replacement string", esc);
        r = pct + 2;
    }
    luaL_addlstring(b, r, static_cast<std::size_t>(r_end - r));
}

// Appends the replacement for the match [s, e) to b (its box on top); false when the
// function or table gave false or nil, which keeps the match as it was.
bool add_replacement(lua_State* L, Matcher& m, luaL_Buffer* b, int repl_type, const char* s,
                     const char* e) {
    if (repl_type == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);                       // ... box repl
        const int n = m.push_captures(s, e, true); // ... box repl captures
        lua_call(L, n, 1);                         // ... box value
    } else if (repl_type == LUA_TTABLE) {
        m.push_capture(0, s, e); // ... box key
        lua_gettable(L, 3);      // ... box value
    } else {
        add_expansion(L, m, b, s, e);
        return true;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1); // ... box
        luaL_addlstring(b, s, static_cast<std::size_t>(e - s));
        return false;
    }
    if (!lua_isstring(L, -1)) raise(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    luaL_addvalue(b); // ... box
    return true;
}

// string.gsub: s pattern repl [n].
int str_gsub(lua_State* L) {
    std::size_t ls = 0;
    std::size_t lp = 0;
    const char* s = luaL_checklstring(L, 1, &ls);
    const char* p = luaL_checklstring(L, 2, &lp);
    const int repl_type = lua_type(L, 3);
    const lua_Integer max_n = luaL_optinteger(L, 4, static_cast<lua_Integer>(ls) + 1);
    if (repl_type != LUA_TNUMBER && repl_type != LUA_TSTRING && repl_type != LUA_TFUNCTION &&
        repl_type != LUA_TTABLE)
        luaL_typeerror(L, 3, "string/function/table");
    Matcher m(L, s, ls, p + lp, settings_at(L, lua_upvalueindex(1)), "string.gsub");
    const bool anchored = lp > 0 && *p == '^';
    if (anchored) ++p;
    // The result grows in Lua's memory, so the script's memory cap applies to it.
    luaL_Buffer b;
    luaL_buffinit(L, &b); // s pattern repl [n] box
    const char* src = s;
    const char* last_end = nullptr;
    lua_Integer n = 0;
    bool changed = false;
    while (n < max_n) {
        const Span hit = m.search(src, p, anchored, last_end);
        if (!hit.begin) break;
        luaL_addlstring(&b, src, static_cast<std::size_t>(hit.begin - src));
        ++n;
        changed = add_replacement(L, m, &b, repl_type, hit.begin, hit.end) || changed;
        src = last_end = hit.end;
        if (anchored) break;
    }
    if (changed) {
        luaL_addlstring(&b, src, static_cast<std::size_t>(s + ls - src));
        luaL_pushresult(&b); // ... result
    } else {
        lua_pushvalue(L, 1); // ... s
    }
    lua_pushinteger(L, n); // ... result n
    return 2;
}

} // namespace

void install_bounded_patterns(lua_State* L, int string_table_index, PatternTick tick,
                              std::uint64_t max_steps) {
    static const luaL_Reg functions[] = {
        {"find", str_find}, {"match", str_match}, {"gmatch", str_gmatch}, {"gsub", str_gsub}};
    const int t = lua_absindex(L, string_table_index);
    void* memory = lua_newuserdatauv(L, sizeof(Settings), 0); // settings
    new (memory) Settings{tick, max_steps, ClassTable()};
    for (const luaL_Reg& f : functions) {
        lua_pushvalue(L, -1);           // settings settings
        lua_pushcclosure(L, f.func, 1); // settings fn
        lua_setfield(L, t, f.name);     // settings
    }
    lua_pop(L, 1); // (empty)
}

} // namespace oh
