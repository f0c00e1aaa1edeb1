// One shape for every exported OS operation, so that each documented function is written
// once and exported twice: `name` (returns a Promise; the OS call runs on the libuv pool)
// and `nameSync` (returns the value; the OS call runs on the calling thread).
//
// An operation is a class with:
//   static constexpr const char* kSyscall;          the documented function name
//   explicit Op(const Napi::CallbackInfo& info);    JS thread: read arguments into C data
//   Status Run();                                   any thread: the OS call(s), no JS
//   Napi::Value Result(Napi::Env env);              JS thread: build the JS value
// Anything the OS allocates is owned by members of the operation (MibTable), so it is
// freed when the operation is destroyed, whichever way the call ended.
#pragma once

#include <memory>
#include <utility>

#include "marshal.h"

namespace netio {

template <class Op>
class OperationWorker final : public Napi::AsyncWorker {
 public:
  OperationWorker(Napi::Env env, std::unique_ptr<Op> op)
      : Napi::AsyncWorker(env, Op::kSyscall), deferred_(Napi::Promise::Deferred::New(env)), op_(std::move(op)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override { status_ = op_->Run(); }
  void OnOK() override { Settle(); }
  void OnError(const Napi::Error&) override { Settle(); }

 private:
  void Settle() {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    if (!status_.ok()) {
      deferred_.Reject(ToJsError(env, status_).Value());
      return;
    }
    try {
      deferred_.Resolve(op_->Result(env));
    } catch (const Napi::Error& error) {
      deferred_.Reject(error.Value());
    }
  }

  Napi::Promise::Deferred deferred_;
  std::unique_ptr<Op> op_;
  Status status_;
};

template <class Op>
Napi::Value RunAsync(const Napi::CallbackInfo& info) {
  std::unique_ptr<Op> op;
  try {
    op = std::make_unique<Op>(info);
  } catch (const ArgumentError& error) {
    throw InvalidArgument(info.Env(), Op::kSyscall, error.member, error.expected);
  }
  auto* worker = new OperationWorker<Op>(info.Env(), std::move(op));  // deletes itself when done
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

template <class Op>
Napi::Value RunSync(const Napi::CallbackInfo& info) {
  try {
    Op op(info);
    Status status = op.Run();
    if (!status.ok()) throw ToJsError(info.Env(), status);
    return op.Result(info.Env());
  } catch (const ArgumentError& error) {
    throw InvalidArgument(info.Env(), Op::kSyscall, error.member, error.expected);
  }
}

// Exports `name` and `nameSync`. `name` must be a string literal.
template <class Op, size_t N>
void Export(Napi::Env env, Napi::Object exports, const char (&name)[N]) {
  exports.Set(name, Napi::Function::New(env, RunAsync<Op>, name));
  std::string sync = std::string(name) + "Sync";
  exports.Set(sync, Napi::Function::New(env, RunSync<Op>, sync));
}

// The argument at `index`, which must be an object (a row).
Napi::Object RowArgument(const Napi::CallbackInfo& info, size_t index, const char* member);

// The shapes every row family shares. A family supplies its row's two marshallers and a
// function that makes the OS call through NETIO_CALL; `Name` is the documented function.
template <class Row>
using RowFromJs = void (*)(const Napi::Object&, Row*);
template <class Row>
using RowToJs = Napi::Object (*)(Napi::Env, const Row&);

// Create…, Delete…, Set…: a row in, nothing out.
template <class Row, RowFromJs<Row> FromJs, const char* Name, Status (*Call)(Row*)>
struct RowCommand {
  static constexpr const char* kSyscall = Name;
  explicit RowCommand(const Napi::CallbackInfo& info) { FromJs(RowArgument(info, 0, "row"), &row); }
  Status Run() { return Call(&row); }
  Napi::Value Result(Napi::Env env) { return env.Undefined(); }
  Row row;
};

// Get…Entry: a row with its key members in, the whole row out.
template <class Row, RowFromJs<Row> FromJs, RowToJs<Row> ToJs, const char* Name, Status (*Call)(Row*)>
struct RowQuery {
  static constexpr const char* kSyscall = Name;
  explicit RowQuery(const Napi::CallbackInfo& info) { FromJs(RowArgument(info, 0, "row"), &row); }
  Status Run() { return Call(&row); }
  Napi::Value Result(Napi::Env env) { return ToJs(env, row); }
  Row row;
};

// Get…Table(Family): an array of rows. The table is freed whichever way the call ends,
// also when the OS returns an error together with a table.
template <class Table, class Row, RowToJs<Row> ToJs, const char* Name, Status (*Call)(ADDRESS_FAMILY, Table**)>
struct FamilyTable {
  static constexpr const char* kSyscall = Name;
  explicit FamilyTable(const Napi::CallbackInfo& info) : family(FamilyFromJs(info[0], "family")) {}
  Status Run() { return Call(family, Out(table)); }
  Napi::Value Result(Napi::Env env) {
    Napi::Array rows = Napi::Array::New(env, table->NumEntries);
    for (ULONG i = 0; i < table->NumEntries; ++i) rows.Set(i, ToJs(env, table->Table[i]));
    return rows;
  }
  ADDRESS_FAMILY family;
  MibTable<Table> table;
};

}  // namespace netio
