// expect: weir: flat_map expects `void\(const T&, weir::collector<Out>&\)`
#include "weir/api.hpp"
void job(weir::environment& env) {
  env.from_collection(std::vector<int>{1}).flat_map([](const auto& x, auto& out) { out.collect(x); });
}
