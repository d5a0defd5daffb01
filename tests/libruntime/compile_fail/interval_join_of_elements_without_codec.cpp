// expect: weir: interval_join buffers both inputs in keyed state
#include "weir/api.hpp"
struct point { int x = 0; };
void job(weir::environment& env) {
  auto a = env.from_collection(std::vector<point>{{1}}).key_by([](const point& p) { return p.x; });
  auto b = env.from_collection(std::vector<int>{2}).key_by([](const int& x) { return x; });
  a.interval_join(b).between(std::chrono::milliseconds{0}, std::chrono::milliseconds{1})
    .process([](const point&, const int&, weir::process_join_context&, weir::collector<int>&) {});
}
