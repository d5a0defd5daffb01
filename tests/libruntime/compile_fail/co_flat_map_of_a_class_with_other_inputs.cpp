// expect: weir: co_flat_map with one argument expects a class derived from weir::co_flat_map_function<A, B, Out>
#include "weir/api.hpp"
struct swapped final : weir::co_flat_map_function<std::string, int, int> {
  void flat_map1(const std::string&, weir::collector<int>&) override {}
  void flat_map2(const int&, weir::collector<int>&) override {}
};
void job(weir::environment& env) {
  env.from_collection(std::vector<int>{1})
    .connect(env.from_collection(std::vector<std::string>{"x"}))
    .co_flat_map(swapped{});
}
