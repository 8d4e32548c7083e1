// libFuzzer target: decode_notification on any bytes, as Outlook (or anything that calls our
// IMAPIOfflineNotify) might hand them over. The input is the structure itself, copied into a
// heap block of exactly its length so that AddressSanitizer sees any read past it. The
// decoder promises never to read past ulSize, so ulSize is clamped to the block's length:
// a caller that lies about ulSize is outside what any decoder can defend against.
// Accepted notifications then go through the EventQueue, both through its ring and through
// its one-word "latest" cell, and must come out with the same decoded fields.
#include "event_queue.h"
#include "notify_decode.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace {

// Stops the run with a message, so that a broken property (not only a crash) is a finding.
void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "check failed: %s\n", what);
    std::abort();
}

ULONG field_at(const std::uint8_t* block, std::size_t offset) {
    ULONG v = 0;
    std::memcpy(&v, block + offset, sizeof v);
    return v;
}

void check_accepted(const std::uint8_t* block, const oh::Notification& n) {
    require(n.raw_size >= sizeof(MAPIOFFLINE_NOTIFY), "accepted size holds the structure");
    require(n.raw_size == field_at(block, offsetof(MAPIOFFLINE_NOTIFY, ulSize)), "raw size");
    require(n.raw_type == field_at(block, offsetof(MAPIOFFLINE_NOTIFY, NotifyType)), "raw type");
    require(n.token == field_at(block, offsetof(MAPIOFFLINE_NOTIFY, ulClientToken)), "token");
    require(n.raw_mask == MAPIOFFLINE_STATE_OFFLINE_MASK, "mask is the offline mask");
    require(n.raw_type >= 1 && n.raw_type <= 3, "a state-change type");
    require(n.phase == static_cast<oh::Phase>(n.raw_type - 1), "phase follows the type");
    require(n.old_state != oh::State::unknown && n.new_state != oh::State::unknown, "states");
    const auto state_of = [](ULONG raw) {
        return (raw & MAPIOFFLINE_STATE_OFFLINE_MASK) == MAPIOFFLINE_STATE_OFFLINE
                   ? oh::State::offline
                   : oh::State::online;
    };
    require(n.old_state == state_of(n.raw_old), "old state from the masked bits");
    require(n.new_state == state_of(n.raw_new), "new state from the masked bits");
}

bool same_decoded(const oh::Notification& a, const oh::Notification& b) {
    return a.seq == b.seq && a.phase == b.phase && a.old_state == b.old_state &&
           a.new_state == b.new_state && a.token == b.token;
}

// Through the ring, then (ring full) through the "latest" cell: the decoded fields survive.
void check_queue(oh::Notification n) {
    static oh::EventQueue* queue = new oh::EventQueue(); // big: made once, never freed
    static std::uint64_t seq = 0;
    queue->set_token(n.token);
    n.seq = ++seq;
    queue->push(n);
    const auto ring = queue->pop();
    require(ring && same_decoded(*ring, n) && ring->raw_size == n.raw_size, "ring round trip");
    for (std::size_t i = 0; i < oh::EventQueue::capacity; ++i) {
        oh::Notification filler = n;
        filler.seq = ++seq;
        queue->push(filler);
    }
    n.seq = ++seq;
    queue->push(n); // the ring is full: this one goes to the latest cell
    std::optional<oh::Notification> last;
    while (auto out = queue->pop()) last = out;
    require(last && same_decoded(*last, n), "latest cell round trip");
    require(last->coalesced == 0, "nothing coalesced with one waiting in the cell");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    require(!oh::decode_notification(nullptr).ok(), "NULL is refused");

    // ulSize itself must be readable: shorter inputs are zero-padded to it.
    const std::size_t length = size < sizeof(ULONG) ? sizeof(ULONG) : size;
    std::unique_ptr<std::uint8_t[]> block(new std::uint8_t[length]());
    std::memcpy(block.get(), data, size);
    const ULONG declared = field_at(block.get(), 0);
    const ULONG clamped = declared > length ? static_cast<ULONG>(length) : declared;
    std::memcpy(block.get(), &clamped, sizeof clamped);

    const auto* p = reinterpret_cast<const MAPIOFFLINE_NOTIFY*>(block.get());
    const oh::Result<oh::Notification> decoded = oh::decode_notification(p);
    if (!decoded.ok()) {
        require(!decoded.error().empty(), "a refusal says why");
        return 0;
    }
    check_accepted(block.get(), decoded.value());
    check_queue(decoded.value());
    return 0;
}
