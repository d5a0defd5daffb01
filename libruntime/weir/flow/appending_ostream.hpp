#pragma once

#include <ostream>
#include <streambuf>
#include <string>

namespace weir::flow {

/// An std::ostream that appends to a string it refers to, so that record_format can render
/// records into a reused buffer without an allocation per record (std::ostringstream copies
/// its string on every str()). The string must outlive the stream; neither moves.
class appending_ostream : public std::ostream {
public:
  explicit appending_ostream(std::string& target) : std::ostream(nullptr), buf_(target) {
    rdbuf(&buf_);
  }
  appending_ostream(const appending_ostream&) = delete;
  appending_ostream& operator=(const appending_ostream&) = delete;

private:
  class buffer final : public std::streambuf {
  public:
    explicit buffer(std::string& target) : target_(&target) {}

  protected:
    int_type overflow(int_type c) override {
      if (!traits_type::eq_int_type(c, traits_type::eof()))
        target_->push_back(traits_type::to_char_type(c));
      return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
      target_->append(s, static_cast<std::size_t>(n));
      return n;
    }

  private:
    std::string* target_;
  };

  buffer buf_;
};

} // namespace weir::flow
