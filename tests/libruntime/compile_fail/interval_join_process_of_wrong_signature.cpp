// expect: weir: interval join process expects
#include "weir/api.hpp"
void job(weir::environment& env) {
  auto a = env.from_collection(std::vector<int>{1}).key_by([](const int& x) { return x; });
  auto b = env.from_collection(std::vector<long>{2}).key_by([](const long& x) { return int(x); });
  a.interval_join(b).between(std::chrono::milliseconds{-1}, std::chrono::milliseconds{1})
    .process([](const int&, const long&, weir::collector<int>&) {});
}
