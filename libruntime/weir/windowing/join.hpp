#pragma once

#include <chrono>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "weir/codec/codec.hpp"
#include "weir/collector.hpp"
#include "weir/data_stream.hpp"
#include "weir/detail/signature.hpp"
#include "weir/windowing/windowed_stream.hpp"

namespace weir {

/// An element of either input of a window join or co-group, as the one window sees it (Flink's
/// TaggedUnion).
template <class A, class B>
struct tagged_union {
  bool is_left = true;
  A left{};
  B right{};
};

template <class A, class B>
struct codec<tagged_union<A, B>> {
  static void encode(byte_writer& out, const tagged_union<A, B>& v) {
    out.write(v.is_left);
    if (v.is_left)
      out.write(v.left);
    else
      out.write(v.right);
  }
  static void decode(byte_reader& in, tagged_union<A, B>& v) {
    if (!in.read(v.is_left))
      return;
    if (v.is_left)
      in.read(v.left);
    else
      in.read(v.right);
  }
};

namespace windowing_detail {

/// Both inputs tagged, unioned and keyed by their own key selectors: the stream a join's
/// window cuts (Flink's CoGroupedStreams).
template <class A, class B, class KeyA, class KeyB>
auto tagged_keyed_union(data_stream<A> a, data_stream<B> b, KeyA ka, KeyB kb) {
  using tagged = tagged_union<A, B>;
  auto left = a.map([](const A& x) { return tagged{true, x, B{}}; });
  left.name("Join(Tag Left)");
  auto right = b.map([](const B& y) { return tagged{false, A{}, y}; });
  right.name("Join(Tag Right)");
  return left.union_with(right).key_by([ka, kb](const tagged& t) {
    return t.is_left ? ka(t.left) : kb(t.right);
  });
}

/// What a window join and a co-group share: the window's trigger, evictor and lateness, each
/// returning the same kind of join (`Self`) over the changed window.
template <class A, class B, class Windowed, template <class, class, class> class Self>
class windowed_join_base {
public:
  explicit windowed_join_base(Windowed windowed) : windowed_(std::move(windowed)) {}

  template <class T>
  auto trigger(T t) const {
    return Self<A, B, decltype(windowed_.trigger(t))>{windowed_.trigger(t)};
  }
  template <class E>
  auto evictor(E e) const {
    return Self<A, B, decltype(windowed_.evictor(e))>{windowed_.evictor(e)};
  }
  Self<A, B, Windowed> allowed_lateness(std::chrono::milliseconds l) const {
    return Self<A, B, Windowed>{windowed_.allowed_lateness(l)};
  }

protected:
  /// Runs `fn(lefts, rights, out)` per window firing.
  template <class Out, class Fn>
  data_stream<Out> apply_groups(Fn fn, const char* name) {
    using tagged = tagged_union<A, B>;
    auto out = windowed_.template apply<Out>(
      [fn](const auto&, const auto&, const std::vector<tagged>& all, collector<Out>& c) mutable {
        std::vector<A> lefts;
        std::vector<B> rights;
        for (const auto& t : all) {
          if (t.is_left)
            lefts.push_back(t.left);
          else
            rights.push_back(t.right);
        }
        fn(lefts, rights, c);
      });
    out.name(name);
    return out;
  }
  Windowed windowed_;
};

} // namespace windowing_detail

/// A window join of two streams by key (Flink's JoinedStreams): `a.join(b).where(ka)
/// .equal_to(kb).window(assigner)` and then `apply(fn)`, with `Out fn(const A&, const B&)`
/// (Flink's JoinFunction) or `void fn(const A&, const B&, collector<Out>&)` (FlatJoinFunction):
/// every pair of one window with equal keys, once per firing, as an inner join.
/// `trigger`, `evictor` and `allowed_lateness` work as on a windowed stream. A and B need a
/// weir::codec and a default constructor.
template <class A, class B, class Windowed>
class windowed_join : public windowing_detail::windowed_join_base<A, B, Windowed, windowed_join> {
  using base = windowing_detail::windowed_join_base<A, B, Windowed, windowed_join>;

public:
  using base::base;

  template <class Out = detail::deduce, class F>
  auto apply(F fn) {
    if constexpr (std::is_invocable_v<F&, const A&, const B&>
                  && !std::is_void_v<std::invoke_result_t<F&, const A&, const B&>>) {
      using O = std::invoke_result_t<F&, const A&, const B&>;
      return this->template apply_groups<O>(
        [fn](const std::vector<A>& as, const std::vector<B>& bs, collector<O>& out) mutable {
          for (const auto& a : as)
            for (const auto& b : bs)
              out.collect(fn(a, b));
        },
        "Window Join");
    } else {
      using O = detail::output_of<Out, F, 2>;
      static_assert(!std::is_void_v<O>,
                    "weir: a window join's apply expects `Out(const A&, const B&)` or `void(const "
                    "A&, const B&, weir::collector<Out>&)`; for a generic lambda name Out");
      return this->template apply_groups<O>(
        [fn](const std::vector<A>& as, const std::vector<B>& bs, collector<O>& out) mutable {
          for (const auto& a : as)
            for (const auto& b : bs)
              fn(a, b, out);
        },
        "Window Join");
    }
  }
};

/// A window co-group (Flink's CoGroupedStreams): per key and window firing, `fn(const
/// std::vector<A>&, const std::vector<B>&, collector<Out>&)` with the elements of both sides
/// (either may be empty).
template <class A, class B, class Windowed>
class windowed_co_group
  : public windowing_detail::windowed_join_base<A, B, Windowed, windowed_co_group> {
  using base = windowing_detail::windowed_join_base<A, B, Windowed, windowed_co_group>;

public:
  using base::base;

  template <class Out = detail::deduce, class F>
  auto apply(F fn) {
    using O = detail::output_of<Out, F, 2>;
    static_assert(!std::is_void_v<O>,
                  "weir: co_group's apply expects `void(const std::vector<A>&, const "
                  "std::vector<B>&, weir::collector<Out>&)`; for a generic lambda name Out");
    return this->template apply_groups<O>(std::move(fn), "Window CoGroup");
  }
};

/// `a.join(b)` / `a.co_group(b)` up to `where(...).equal_to(...)`.
template <class A, class B, template <class, class, class> class Result>
class join_builder {
public:
  join_builder(data_stream<A> a, data_stream<B> b) : a_(std::move(a)), b_(std::move(b)) {}

  template <class KeyA>
  class where_clause {
  public:
    where_clause(data_stream<A> a, data_stream<B> b, KeyA ka)
      : a_(std::move(a)), b_(std::move(b)), ka_(std::move(ka)) {}

    template <class KeyB>
    class equal_to_clause {
    public:
      equal_to_clause(data_stream<A> a, data_stream<B> b, KeyA ka, KeyB kb)
        : a_(std::move(a)), b_(std::move(b)), ka_(std::move(ka)), kb_(std::move(kb)) {}

      template <class Assigner>
      auto window(Assigner assigner) {
        auto windowed =
          windowing_detail::tagged_keyed_union(a_, b_, ka_, kb_).window(std::move(assigner));
        return Result<A, B, decltype(windowed)>{std::move(windowed)};
      }

    private:
      data_stream<A> a_;
      data_stream<B> b_;
      KeyA ka_;
      KeyB kb_;
    };

    template <class KeyB>
    equal_to_clause<KeyB> equal_to(KeyB kb) {
      using ka_key = std::remove_cvref_t<std::invoke_result_t<KeyA&, const A&>>;
      using kb_key = std::remove_cvref_t<std::invoke_result_t<KeyB&, const B&>>;
      static_assert(std::is_same_v<ka_key, kb_key>,
                    "weir: where(...) and equal_to(...) must return the same key type");
      return {a_, b_, ka_, std::move(kb)};
    }

  private:
    data_stream<A> a_;
    data_stream<B> b_;
    KeyA ka_;
  };

  template <class KeyA>
  where_clause<KeyA> where(KeyA ka) {
    return {a_, b_, std::move(ka)};
  }

private:
  data_stream<A> a_;
  data_stream<B> b_;
};

template <class T>
template <class U>
auto data_stream<T>::join(const data_stream<U>& other) {
  return join_builder<T, U, windowed_join>{*this, other};
}

template <class T>
template <class U>
auto data_stream<T>::co_group(const data_stream<U>& other) {
  return join_builder<T, U, windowed_co_group>{*this, other};
}

} // namespace weir
