#include "window/line_source.hpp"

#include <cerrno>
#include <cstring>

#include <poll.h>
#include <unistd.h>

#include "weir/error.hpp"

namespace weir::window {

namespace {

/// Bytes read per poll at most: a poll stays short, and a batch of rows per poll is plenty.
constexpr std::size_t chunk_size = 64 * 1024;

} // namespace

line_source::line_source(int fd, std::shared_ptr<report> report)
  : reader_(std::make_shared<reader>()), report_(std::move(report)) {
  reader_->fd = fd;
}

void line_source::take(std::string_view line, collector<window_record>& out,
                       std::size_t& emitted) {
  auto parsed = reader_->parser.next(line);
  report_->lines = reader_->parser.line_number();
  if (auto* bad = std::get_if<malformed_line>(&parsed)) {
    report_->malformed = *bad;
    throw weir_exception(error(errc::invalid_configuration, "malformed input " + bad->describe()));
  }
  if (auto* r = std::get_if<window_record>(&parsed)) {
    out.collect(std::move(*r));
    ++emitted;
  }
}

source_status line_source::poll(collector<window_record>& out, std::size_t max_records) {
  auto& rd = *reader_;
  std::size_t emitted = 0;
  for (;;) {
    // Whole lines already read first, in order.
    while (emitted < max_records) {
      auto nl = rd.buffer.find('\n', rd.consumed);
      if (nl == std::string::npos)
        break;
      std::string_view line(rd.buffer.data() + rd.consumed, nl - rd.consumed);
      rd.consumed = nl + 1;
      take(line, out, emitted);
    }
    if (emitted >= max_records)
      return source_status::more_available;
    rd.buffer.erase(0, rd.consumed);
    rd.consumed = 0;
    if (rd.eof) {
      if (!rd.buffer.empty()) { // a last line without a newline
        std::string last;
        last.swap(rd.buffer);
        take(last, out, emitted);
      }
      return source_status::end_of_input;
    }
    // Read one chunk if the descriptor has data now; never wait for it here.
    pollfd p{rd.fd, POLLIN, 0};
    int ready = ::poll(&p, 1, 0);
    if (ready < 0 && errno != EINTR)
      throw weir_exception(error(errc::io_error, std::string("cannot poll the input: ")
                                                   + std::strerror(errno)));
    if (ready <= 0)
      return emitted > 0 ? source_status::more_available : source_status::nothing_available;
    const auto old = rd.buffer.size();
    rd.buffer.resize(old + chunk_size);
    auto n = ::read(rd.fd, rd.buffer.data() + old, chunk_size);
    if (n < 0) {
      rd.buffer.resize(old);
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
        return emitted > 0 ? source_status::more_available : source_status::nothing_available;
      throw weir_exception(error(errc::io_error, std::string("cannot read the input: ")
                                                   + std::strerror(errno)));
    }
    rd.buffer.resize(old + static_cast<std::size_t>(n));
    if (n == 0)
      rd.eof = true;
  }
}

} // namespace weir::window
