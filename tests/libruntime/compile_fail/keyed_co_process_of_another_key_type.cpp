// expect: weir: process on keyed connected streams expects a class derived from weir::keyed_co_process_function<K, A, B, Out>
#include "weir/api.hpp"
struct by_name final : weir::keyed_co_process_function<std::string, int, int, int> {
  void process_element1(const int&, context&, weir::collector<int>&) override {}
  void process_element2(const int&, context&, weir::collector<int>&) override {}
};
void job(weir::environment& env) {
  auto a = env.from_collection(std::vector<int>{1}).key_by([](const int& x) { return x; });
  auto b = env.from_collection(std::vector<int>{2}).key_by([](const int& x) { return x; });
  a.connect(b).process(by_name{});
}
