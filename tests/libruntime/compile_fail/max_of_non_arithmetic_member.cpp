// expect: weir: sum, min and max aggregate an arithmetic field
#include "weir/api.hpp"
struct reading {
  int sensor = 0;
  std::string label;
};
void job(weir::environment& env) {
  env.from_collection(std::vector<reading>{{1, "a"}})
    .key_by([](const reading& r) { return r.sensor; })
    .max(&reading::label)
    .collect();
}
