#include "journal.h"

#include "long_path.h"
#include "text_file.h"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <system_error>
#include <utility>

#ifdef _WIN32
#include <share.h> // _SH_DENYNO: a C runtime header, not a Windows one
#endif

namespace oh {

namespace {

// Every line is far shorter (about 250 bytes at most), so a line always fits the buffer and
// reaches the file in the single write that fflush makes.
constexpr std::size_t write_buffer_size = 8192;

std::string display(const std::filesystem::path& p) {
    return path_to_utf8(p);
}

std::FILE* open_for_append(const std::filesystem::path& path) {
#ifdef _WIN32
    // Wide name: any user or folder name works. Shared: other programs (fakehost replay, a
    // log viewer) may read the journal while Outlook writes it.
    return _wfsopen(os_path(path).c_str(), L"a+b", _SH_DENYNO);
#else
    return std::fopen(path.c_str(), "a+b");
#endif
}

// True when the file is empty or its last byte is '\n'. A file left by a process killed
// mid-line is not, and the next line must then start on a fresh line, else it would be glued
// to the truncated one and lost with it.
bool ends_with_newline(std::FILE* f) {
    if (std::fseek(f, -1, SEEK_END) != 0) return true; // empty: no byte before the end
    const int last = std::fgetc(f);
    std::fseek(f, 0, SEEK_END); // switching from reading to writing needs a seek
    return last == '\n' || last == EOF;
}

} // namespace

// ---- Writer -------------------------------------------------------------------------------

JournalWriter::~JournalWriter() {
    close();
}

JournalWriter::JournalWriter(JournalWriter&& other) noexcept
    : file_(std::exchange(other.file_, nullptr)), buffer_(std::move(other.buffer_)),
      broken_line_(other.broken_line_), path_(std::move(other.path_)) {}

JournalWriter& JournalWriter::operator=(JournalWriter&& other) noexcept {
    if (this != &other) {
        close();
        file_ = std::exchange(other.file_, nullptr);
        buffer_ = std::move(other.buffer_);
        broken_line_ = other.broken_line_;
        path_ = std::move(other.path_);
    }
    return *this;
}

void JournalWriter::close() {
    if (file_) std::fclose(file_); // before the buffer it uses is freed
    file_ = nullptr;
    buffer_.reset();
}

Status JournalWriter::open(const std::filesystem::path& path) {
    close();
    std::error_code ec;
    if (path.has_parent_path())
        std::filesystem::create_directories(os_path(path.parent_path()), ec);
    if (ec) {
        return fail("cannot create the folder " + display(path.parent_path()) + ": " +
                    ec.message());
    }
    // A FIFO would block the open until some reader came; a folder cannot be appended to.
    // Devices are fine: /dev/null is a fair way to say "no journal".
    const auto type = std::filesystem::status(path, ec).type();
    if (type == std::filesystem::file_type::fifo || type == std::filesystem::file_type::socket ||
        type == std::filesystem::file_type::directory) {
        return fail(
            "cannot open the journal " + display(path) + ": it is " +
            (type == std::filesystem::file_type::directory ? "a folder" : "a FIFO or socket") +
            ", not a file");
    }
    file_ = open_for_append(path);
    if (!file_) {
        return fail("cannot open the journal " + display(path) + ": " +
                    std::generic_category().message(errno));
    }
    path_ = display(path);
    buffer_ = std::make_unique<char[]>(write_buffer_size);
    std::setvbuf(file_, buffer_.get(), _IOFBF, write_buffer_size);
    broken_line_ = !ends_with_newline(file_);
    return {};
}

Status JournalWriter::append(const Notification& n, double unix_time) {
    if (!file_) return fail("the journal is not open");
    std::string line = format_journal_line(n, unix_time);
    if (broken_line_) line.insert(line.begin(), '\n'); // end the damaged line first
    errno = 0;
    const bool written = std::fwrite(line.data(), 1, line.size(), file_) == line.size();
    const bool flushed = std::fflush(file_) == 0;
    if (written && flushed) {
        broken_line_ = false;
        return {};
    }
    const int error = errno;
    // Part of the line may be in the file: the next append ends it first.
    broken_line_ = true;
    std::clearerr(file_);
    return fail("cannot write the journal " + path_ + ": " +
                (error ? std::generic_category().message(error) : std::string("write failed")));
}

// ---- Reader -------------------------------------------------------------------------------

namespace {

bool is_blank(std::string_view line) {
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

} // namespace

// Looks at the first bytes once: skips a UTF-8 BOM, refuses UTF-16/32.
bool JournalReader::check_start() {
    started_ = true;
    char head[4];
    std::size_t n = 0;
    auto* buf = in_.rdbuf();
    while (n < 4 && buf && buf->sgetc() != std::char_traits<char>::eof())
        head[n++] = static_cast<char>(buf->sbumpc());
    const std::string_view start(head, n);
    if (const char* enc = wide_encoding(start)) {
        encoding_error_ = std::string("the journal is saved as ") + enc +
                          ", which cannot be replayed; save it as UTF-8";
        return false;
    }
    // What is not a BOM is read again by get(): a stream cannot unget 4 bytes everywhere.
    pending_ =
        start.substr(0, 3) == "\xEF\xBB\xBF" ? std::string(start.substr(3)) : std::string(start);
    return true;
}

// The next byte: first those check_start looked at, then the stream's.
int JournalReader::get() {
    if (pending_at_ < pending_.size()) return static_cast<unsigned char>(pending_[pending_at_++]);
    std::streambuf* buf = in_.rdbuf();
    return buf ? buf->sbumpc() : std::char_traits<char>::eof();
}

// One line without its '\n' (and '\r'), keeping at most max_journal_line bytes of it; false
// at the end of the input.
bool JournalReader::read_line(std::string& line, bool& terminated, bool& too_long) {
    line.clear();
    terminated = too_long = false;
    std::size_t length = 0;
    int c = get();
    if (c == std::char_traits<char>::eof()) return false;
    for (; c != std::char_traits<char>::eof(); c = get()) {
        if (c == '\n') {
            terminated = true;
            break;
        }
        if (++length > max_journal_line)
            too_long = true;
        else
            line += static_cast<char>(c);
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

bool JournalReader::next(JournalEntry& out, std::vector<JournalProblem>& problems) {
    if (!started_ && !check_start()) return false;
    std::string line;
    bool terminated = false, too_long = false;
    while (read_line(line, terminated, too_long)) {
        ++number_;
        if (too_long) {
            problems.push_back({number_, "a line longer than " +
                                             std::to_string(max_journal_line / 1024) +
                                             " KiB (not a journal line)"});
            continue;
        }
        if (is_blank(line)) continue;
        Result<JournalEntry> e = parse_journal_line(line);
        if (e.ok()) {
            out = std::move(e).value();
            out.line = number_;
            return true;
        }
        problems.push_back({number_, terminated
                                         ? e.error()
                                         : "truncated last line (the writer stopped mid-line)"});
    }
    return false;
}

std::vector<JournalEntry> read_journal(std::istream& in, std::vector<JournalProblem>& problems) {
    std::vector<JournalEntry> entries;
    JournalReader reader(in);
    for (JournalEntry e; reader.next(e, problems);) entries.push_back(e);
    if (!reader.encoding_error().empty()) problems.push_back({1, reader.encoding_error()});
    return entries;
}

} // namespace oh
