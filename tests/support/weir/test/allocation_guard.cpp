#include "weir/test/allocation_guard.hpp"

#include <cstdlib>
#include <new>

// Replaces the global (unaligned) operator new and delete of the test binary it is linked
// into: allocation goes to malloc as libstdc++'s does, and every request passes the current
// thread's allocation_guard first. Under ASan, malloc and free are still ASan's.

namespace weir::test {

namespace {

// A plain pointer is constant-initialised: reading it from operator new needs no TLS init.
thread_local allocation_guard* current = nullptr;

} // namespace

allocation_guard::allocation_guard(std::size_t limit) : limit_(limit), outer_(current) {
  current = this;
}

allocation_guard::~allocation_guard() { current = outer_; }

bool allocation_guard::admit(std::size_t size) noexcept {
  auto* g = current;
  if (g == nullptr)
    return true;
  for (auto* o = g; o != nullptr; o = o->outer_)
    if (size > o->largest_)
      o->largest_ = size;
  if (size > g->limit_) {
    ++g->refused_;
    return false;
  }
  return true;
}

} // namespace weir::test

namespace {

void* allocate(std::size_t size) {
  if (!weir::test::allocation_guard::admit(size))
    throw std::bad_alloc{};
  if (size == 0)
    size = 1;
  for (;;) {
    if (void* p = std::malloc(size))
      return p;
    auto handler = std::get_new_handler();
    if (handler == nullptr)
      throw std::bad_alloc{};
    handler();
  }
}

} // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
