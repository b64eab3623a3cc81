// The time loop of the general gated LSTM cell (lstm.nn.cells.LSTMCell), forward and
// backward, over ATen tensors.
//
// The caller computes the input's share of every block for all time steps, P = W x + b,
// as one matrix product; this loop adds the recurrent share, one product per step,
//     z_t = P_t + R h_{t-1}  (+ G a_{t-1} for full gate recurrence),
// and runs every pointwise equation of the cell in one pass over (batch, cell). The
// backward pass runs the loop in reverse with one product per step (dh_{t-1} = R^T dz_t)
// and leaves the weight gradients to single large products after the loop:
//     dR = sum_t dz_t^T h_{t-1},   dG = sum_t dz_t^T a_{t-1},   dp = sum_t dz_t * c.
//
// Layouts are batch-first: P and dz (batch, time, blocks * H), outputs (batch, time, H).
// The blocks of a row are those of the cell, in PyTorch's order i, f, g, o with absent
// gates left out; `offsets` gives each block's first column, or -1 when it is absent.
// Steps past a sequence's length (valid[b, t] == 0) carry the state unchanged and output
// zero, exactly as the step loop does.

#include <torch/extension.h>

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

struct Flags {
  int64_t input_gate, forget_gate, cell, output_gate;  // block offsets (-1: absent)
  bool coupled, peepholes, input_activation, output_activation, full_gate_recurrence,
      squash_1997;
  int64_t hidden, blocks, gates;  // H, block count, gates fed back (0 without FGR)
};

// The pointwise passes below are plain loops over one row of H cells, so that the
// compiler turns them (and exp and tanh, through the C library's vector maths) into
// vector instructions.

// exp(-x) is capped at exp(80), so that 1 / (1 + exp(-x)) never divides by infinity:
// a fast-maths division (a reciprocal estimate refined by one Newton step) turns 1 / inf
// into NaN on some processors. Above x = -80 nothing changes; below it the gate is
// 1.8e-35 instead of smaller, closed either way.
template <typename T>
inline T sigmoid(T x) {
  return T(1) / (T(1) + std::exp(std::min(-x, T(80))));
}

// out = sigma(z + p * c), or sigma(z) without peepholes (p == nullptr).
template <typename T>
void gate(T* __restrict out, const T* __restrict z, const T* __restrict p,
          const T* __restrict c, int64_t H) {
  if (p) {
#pragma omp simd
    for (int64_t j = 0; j < H; ++j) out[j] = sigmoid(z[j] + p[j] * c[j]);
  } else {
#pragma omp simd
    for (int64_t j = 0; j < H; ++j) out[j] = sigmoid(z[j]);
  }
}

// A squashing function: identity, tanh, or the 1997 cell's  scale * sigma(x) - shift
// (g = 4 sigma - 2 for the cell input, h = 2 sigma - 1 for the cell output).
struct Squash {
  bool active, scaled;
  double scale;

  template <typename T>
  void apply(T* __restrict out, const T* __restrict x, int64_t H) const {
    if (!active) {
      for (int64_t j = 0; j < H; ++j) out[j] = x[j];
    } else if (scaled) {
      const T a = T(scale), shift = T(scale / 2);
#pragma omp simd
      for (int64_t j = 0; j < H; ++j) out[j] = a * sigmoid(x[j]) - shift;
    } else {
#pragma omp simd
      for (int64_t j = 0; j < H; ++j) out[j] = std::tanh(x[j]);
    }
  }

  // The derivative, from the squashed value y: 1, 1 - y^2, or (y + s)(s - y) / scale.
  template <typename T>
  void grad(T* __restrict out, const T* __restrict y, int64_t H) const {
    if (!active) {
      for (int64_t j = 0; j < H; ++j) out[j] = T(1);
    } else if (scaled) {
      const T a = T(scale), shift = T(scale / 2);
#pragma omp simd
      for (int64_t j = 0; j < H; ++j) out[j] = (y[j] + shift) * (shift - y[j]) / a;
    } else {
#pragma omp simd
      for (int64_t j = 0; j < H; ++j) out[j] = T(1) - y[j] * y[j];
    }
  }
};

// The gates fed back by full gate recurrence, in block order (i, f, o as present).
inline std::vector<int64_t> gate_offsets(const Flags& f) {
  std::vector<int64_t> offsets;
  for (int64_t offset : {f.input_gate, f.forget_gate, f.output_gate}) {
    if (offset >= 0) offsets.push_back(offset);
  }
  return offsets;
}

Flags read_flags(const std::vector<int64_t>& offsets, const std::vector<bool>& switches,
                 int64_t hidden) {
  TORCH_CHECK(offsets.size() == 4, "expected 4 block offsets, got ", offsets.size());
  TORCH_CHECK(switches.size() == 6, "expected 6 switches, got ", switches.size());
  Flags f{offsets[0], offsets[1], offsets[2], offsets[3], switches[0], switches[1],
          switches[2], switches[3], switches[4], switches[5], hidden, 0, 0};
  for (int64_t offset : offsets) f.blocks += offset >= 0;
  // Only full gate recurrence feeds the gates back; without it the width is zero.
  f.gates = f.full_gate_recurrence ? static_cast<int64_t>(gate_offsets(f).size()) : 0;
  return f;
}

inline Squash cell_input_squash(const Flags& f) { return {f.input_activation, f.squash_1997, 4.0}; }
inline Squash cell_output_squash(const Flags& f) { return {f.output_activation, f.squash_1997, 2.0}; }

// Per-thread rows of H values: constant ones (an absent gate) and scratch.
template <typename T>
struct Rows {
  std::vector<T> data;
  int64_t H;
  Rows(int64_t H, int count) : data(static_cast<size_t>(H) * (count + 1), T(0)), H(H) {
    std::fill(data.begin(), data.begin() + H, T(1));
  }
  const T* ones() const { return data.data(); }
  T* row(int k) { return data.data() + (k + 1) * H; }
};

template <typename T>
void forward_loop(const Flags& f, const at::Tensor& projected, const at::Tensor& weight_hh,
                  const at::Tensor& peepholes, const at::Tensor& weight_gr,
                  const at::Tensor& valid, at::Tensor& h, at::Tensor& c, at::Tensor& a,
                  at::Tensor& output, at::Tensor& activations, at::Tensor& cells,
                  at::Tensor& fed_back) {
  const int64_t batch = projected.size(0), steps = projected.size(1), H = f.hidden;
  const int64_t width = f.blocks * H, gate_width = f.gates * H;
  const auto feedback_offsets = gate_offsets(f);
  const Squash squash_in = cell_input_squash(f), squash_out = cell_output_squash(f);
  at::Tensor z = at::empty({batch, width}, projected.options());
  at::Tensor feedback = at::empty({batch, gate_width}, projected.options());
  const T* peep = peepholes.numel() ? peepholes.data_ptr<T>() : nullptr;  // rows i, f, o
  const T* peep_i = peep, *peep_f = peep ? peep + H : nullptr, *peep_o = peep ? peep + 2 * H : nullptr;
  const uint8_t* mask = valid.numel() ? valid.data_ptr<uint8_t>() : nullptr;
  const at::Tensor recurrent = weight_hh.t();
  T* zp = z.data_ptr<T>();
  const T* fb = feedback.data_ptr<T>();
  T* hp = h.data_ptr<T>();
  T* cp = c.data_ptr<T>();
  T* ap = a.data_ptr<T>();
  T* out = output.data_ptr<T>();
  T* act = activations.data_ptr<T>();
  T* cell_states = cells.data_ptr<T>();
  T* fed = fed_back.numel() ? fed_back.data_ptr<T>() : nullptr;

  for (int64_t t = 0; t < steps; ++t) {
    at::addmm_out(z, projected.select(1, t), h, recurrent);
    if (f.full_gate_recurrence) at::mm_out(feedback, a, weight_gr.t());
    at::parallel_for(0, batch, 1, [&](int64_t begin, int64_t end) {
      Rows<T> rows(H, 2);
      for (int64_t b = begin; b < end; ++b) {
        const int64_t row = b * steps + t;
        T* act_row = act + row * width;
        T* out_row = out + row * H;
        T* c_row = cell_states + row * H;
        T* c_prev = cp + b * H;
        T* zr = zp + b * width;
        if (mask && !mask[row]) {  // past this sequence's end: carry the state
          std::fill(act_row, act_row + width, T(0));
          std::fill(out_row, out_row + H, T(0));
          std::copy(c_prev, c_prev + H, c_row);
          if (fed) std::copy(ap + b * gate_width, ap + (b + 1) * gate_width, fed + row * gate_width);
          continue;
        }
        for (int64_t g = 0; g < f.gates; ++g) {  // full gate recurrence's share
          T* target = zr + feedback_offsets[g];
          const T* extra = fb + b * gate_width + g * H;
#pragma omp simd
          for (int64_t j = 0; j < H; ++j) target[j] += extra[j];
        }
        const T *i = rows.ones(), *fg = rows.ones(), *o = rows.ones();
        if (f.input_gate >= 0) {
          gate(act_row + f.input_gate, zr + f.input_gate, peep_i, c_prev, H);
          i = act_row + f.input_gate;
        }
        if (f.coupled) {
          T* coupled = rows.row(0);
#pragma omp simd
          for (int64_t j = 0; j < H; ++j) coupled[j] = T(1) - i[j];
          fg = coupled;
        } else if (f.forget_gate >= 0) {
          gate(act_row + f.forget_gate, zr + f.forget_gate, peep_f, c_prev, H);
          fg = act_row + f.forget_gate;
        }
        T* g = act_row + f.cell;
        squash_in.apply(g, zr + f.cell, H);
#pragma omp simd
        for (int64_t j = 0; j < H; ++j) c_row[j] = fg[j] * c_prev[j] + i[j] * g[j];
        if (f.output_gate >= 0) {
          gate(act_row + f.output_gate, zr + f.output_gate, peep_o, c_row, H);
          o = act_row + f.output_gate;
        }
        T* s = rows.row(1);
        squash_out.apply(s, c_row, H);
#pragma omp simd
        for (int64_t j = 0; j < H; ++j) out_row[j] = o[j] * s[j];
        std::copy(c_row, c_row + H, c_prev);
        std::copy(out_row, out_row + H, hp + b * H);
        for (int64_t k = 0; k < f.gates; ++k) {  // the state's gates, for the next step
          const T* gate_row = act_row + feedback_offsets[k];
          std::copy(gate_row, gate_row + H, ap + b * gate_width + k * H);
        }
        if (fed) std::copy(ap + b * gate_width, ap + (b + 1) * gate_width, fed + row * gate_width);
      }
    });
  }
}

template <typename T>
void backward_loop(const Flags& f, const at::Tensor& weight_hh, const at::Tensor& peepholes,
                   const at::Tensor& weight_gr, const at::Tensor& valid,
                   const at::Tensor& activations, const at::Tensor& cells,
                   const at::Tensor& c0, const at::Tensor& grad_output, at::Tensor& dh,
                   at::Tensor& dc, at::Tensor& da, at::Tensor& dz, at::Tensor& dz_gates) {
  const int64_t batch = activations.size(0), steps = activations.size(1), H = f.hidden;
  const int64_t width = f.blocks * H, gate_width = f.gates * H;
  const auto feedback_offsets = gate_offsets(f);
  const Squash squash_in = cell_input_squash(f), squash_out = cell_output_squash(f);
  const T* peep = peepholes.numel() ? peepholes.data_ptr<T>() : nullptr;
  const uint8_t* mask = valid.numel() ? valid.data_ptr<uint8_t>() : nullptr;
  const T* act = activations.data_ptr<T>();
  const T* cell_states = cells.data_ptr<T>();
  const T* c_first = c0.data_ptr<T>();
  const T* go = grad_output.data_ptr<T>();
  at::Tensor dh_step = at::empty({batch, H}, dh.options());
  at::Tensor da_step = at::empty({batch, gate_width}, dh.options());
  at::Tensor dz_step = at::empty({batch, width}, dh.options());
  at::Tensor dzg_step = at::empty({batch, gate_width}, dh.options());
  T* dhp = dh.data_ptr<T>();
  T* dcp = dc.data_ptr<T>();
  T* dap = da.data_ptr<T>();
  T* dzs = dz_step.data_ptr<T>();
  T* dzgs = dzg_step.data_ptr<T>();
  T* dz_all = dz.data_ptr<T>();
  T* dzg_all = dz_gates.numel() ? dz_gates.data_ptr<T>() : nullptr;
  const T* dhs = dh_step.data_ptr<T>();
  const T* das = da_step.data_ptr<T>();

  for (int64_t t = steps - 1; t >= 0; --t) {
    at::parallel_for(0, batch, 1, [&](int64_t begin, int64_t end) {
      Rows<T> rows(H, 7);
      T *coupled = rows.row(0), *s = rows.row(1), *ds = rows.row(2), *dh_total = rows.row(3),
        *dc_total = rows.row(4), *di = rows.row(5), *df = rows.row(6);
      for (int64_t b = begin; b < end; ++b) {
        const int64_t row = b * steps + t;
        T* dzr = dzs + b * width;
        if (mask && !mask[row]) {  // a carried step: its gradients pass straight through
          std::fill(dzr, dzr + width, T(0));
          std::fill(dz_all + row * width, dz_all + (row + 1) * width, T(0));
          std::fill(dzgs + b * gate_width, dzgs + (b + 1) * gate_width, T(0));
          if (dzg_all) std::fill(dzg_all + row * gate_width, dzg_all + (row + 1) * gate_width, T(0));
          continue;
        }
        const T* act_row = act + row * width;
        const T* c_prev = t ? cell_states + (row - 1) * H : c_first + b * H;
        const T* c_new = cell_states + row * H;
        const T* go_row = go + row * H;
        T* dh_row = dhp + b * H;
        T* dc_row = dcp + b * H;
        // The gradient each gate receives through the next step's feedback (FGR).
        const T* fed_i = nullptr, *fed_f = nullptr, *fed_o = nullptr;
        for (int64_t k = 0; k < f.gates; ++k) {
          const T* fed = dap + b * gate_width + k * H;
          if (feedback_offsets[k] == f.input_gate) fed_i = fed;
          if (feedback_offsets[k] == f.forget_gate) fed_f = fed;
          if (feedback_offsets[k] == f.output_gate) fed_o = fed;
        }
        const T* i = f.input_gate >= 0 ? act_row + f.input_gate : rows.ones();
        const T* fg = rows.ones();
        if (f.coupled) {
#pragma omp simd
          for (int64_t j = 0; j < H; ++j) coupled[j] = T(1) - i[j];
          fg = coupled;
        } else if (f.forget_gate >= 0) {
          fg = act_row + f.forget_gate;
        }
        const T* g = act_row + f.cell;
        const T* o = f.output_gate >= 0 ? act_row + f.output_gate : rows.ones();
        squash_out.apply(s, c_new, H);
        squash_out.grad(ds, s, H);
#pragma omp simd
        for (int64_t j = 0; j < H; ++j) dh_total[j] = go_row[j] + dh_row[j];
#pragma omp simd
        for (int64_t j = 0; j < H; ++j) dc_total[j] = dc_row[j] + dh_total[j] * o[j] * ds[j];
        if (f.output_gate >= 0) {
          T* dzo = dzr + f.output_gate;
#pragma omp simd
          for (int64_t j = 0; j < H; ++j) {
            dzo[j] = (dh_total[j] * s[j] + (fed_o ? fed_o[j] : T(0))) * o[j] * (T(1) - o[j]);
          }
          if (peep) {
            const T* p = peep + 2 * H;
#pragma omp simd
            for (int64_t j = 0; j < H; ++j) dc_total[j] += dzo[j] * p[j];
          }
        }
#pragma omp simd
        for (int64_t j = 0; j < H; ++j) {
          di[j] = dc_total[j] * g[j] + (fed_i ? fed_i[j] : T(0));
          df[j] = dc_total[j] * c_prev[j] + (fed_f ? fed_f[j] : T(0));
        }
        if (f.coupled) {  // f = 1 - i
#pragma omp simd
          for (int64_t j = 0; j < H; ++j) di[j] -= df[j];
        }
        T* dzc = dzr + f.cell;
        squash_in.grad(dzc, g, H);
#pragma omp simd
        for (int64_t j = 0; j < H; ++j) {
          dzc[j] *= dc_total[j] * i[j];
          dc_row[j] = dc_total[j] * fg[j];
        }
        if (f.input_gate >= 0) {
          T* dzi = dzr + f.input_gate;
#pragma omp simd
          for (int64_t j = 0; j < H; ++j) dzi[j] = di[j] * i[j] * (T(1) - i[j]);
          if (peep) {
#pragma omp simd
            for (int64_t j = 0; j < H; ++j) dc_row[j] += dzi[j] * peep[j];
          }
        }
        if (f.forget_gate >= 0) {
          T* dzf = dzr + f.forget_gate;
#pragma omp simd
          for (int64_t j = 0; j < H; ++j) dzf[j] = df[j] * fg[j] * (T(1) - fg[j]);
          if (peep) {
            const T* p = peep + H;
#pragma omp simd
            for (int64_t j = 0; j < H; ++j) dc_row[j] += dzf[j] * p[j];
          }
        }
        std::copy(dzr, dzr + width, dz_all + row * width);
        for (int64_t k = 0; k < f.gates; ++k) {
          const T* block = dzr + feedback_offsets[k];
          std::copy(block, block + H, dzgs + b * gate_width + k * H);
        }
        if (dzg_all) std::copy(dzgs + b * gate_width, dzgs + (b + 1) * gate_width, dzg_all + row * gate_width);
      }
    });
    // The recurrent products: dh_{t-1} = R^T dz_t, and under FGR da_{t-1} = G^T dz_t; a
    // row past its sequence's end keeps the gradient it carries.
    at::mm_out(dh_step, dz_step, weight_hh);
    if (f.full_gate_recurrence) at::mm_out(da_step, dzg_step, weight_gr);
    for (int64_t b = 0; b < batch; ++b) {
      if (mask && !mask[b * steps + t]) continue;
      std::copy(dhs + b * H, dhs + (b + 1) * H, dhp + b * H);
      std::copy(das + b * gate_width, das + (b + 1) * gate_width, dap + b * gate_width);
    }
  }
}

void check_tensor(const at::Tensor& tensor, const at::Tensor& like, const char* name) {
  TORCH_CHECK(tensor.device().is_cpu(), name, ": expected a CPU tensor, got ", tensor.device());
  TORCH_CHECK(tensor.scalar_type() == like.scalar_type(), name, ": expected dtype ",
              like.scalar_type(), ", got ", tensor.scalar_type());
  TORCH_CHECK(tensor.is_contiguous(), name, ": expected a contiguous tensor");
}

}  // namespace

// Returns output (B, T, H), h_T, c_T, a_T (FGR gates, else empty), and what the backward
// pass needs: the activations (B, T, blocks * H), the cell states (B, T, H) and, under
// FGR, the gates fed back at every step (B, T, gates * H).
std::vector<at::Tensor> gated_forward(const at::Tensor& projected, const at::Tensor& h0,
                                      const at::Tensor& c0, const at::Tensor& a0,
                                      const at::Tensor& weight_hh, const at::Tensor& peepholes,
                                      const at::Tensor& weight_gr, const at::Tensor& valid,
                                      std::vector<int64_t> offsets, std::vector<bool> switches) {
  const Flags f = read_flags(offsets, switches, h0.size(1));
  for (auto [tensor, name] : {std::pair{projected, "projected"}, {h0, "h0"}, {c0, "c0"},
                              {weight_hh, "weight_hh"}}) {
    check_tensor(tensor, projected, name);
  }
  TORCH_CHECK(projected.dim() == 3 && projected.size(2) == f.blocks * f.hidden,
              "projected: expected shape (batch, time, ", f.blocks * f.hidden, "), got ",
              projected.sizes());
  const int64_t batch = projected.size(0), steps = projected.size(1), H = f.hidden;
  at::Tensor h = h0.clone(), c = c0.clone();
  at::Tensor a = f.full_gate_recurrence ? a0.clone() : at::empty({batch, 0}, h0.options());
  at::Tensor output = at::empty({batch, steps, H}, projected.options());
  at::Tensor activations = at::empty({batch, steps, f.blocks * H}, projected.options());
  at::Tensor cells = at::empty({batch, steps, H}, projected.options());
  at::Tensor fed_back = at::empty(
      {batch, f.full_gate_recurrence ? steps : 0, f.gates * H}, projected.options());
  AT_DISPATCH_FLOATING_TYPES(projected.scalar_type(), "gated_forward", [&] {
    forward_loop<scalar_t>(f, projected, weight_hh, peepholes, weight_gr, valid, h, c, a,
                           output, activations, cells, fed_back);
  });
  return {output, h, c, a, activations, cells, fed_back};
}

// Returns dz (B, T, blocks * H), the gradient of the projected input, dh_0, dc_0, da_0, and
// under FGR dz of the gates in feedback order (B, T, gates * H); the weight gradients
// are left to the caller's single products over these.
std::vector<at::Tensor> gated_backward(
    const at::Tensor& grad_output, const at::Tensor& grad_h, const at::Tensor& grad_c,
    const at::Tensor& grad_a, const at::Tensor& c0, const at::Tensor& weight_hh,
    const at::Tensor& peepholes, const at::Tensor& weight_gr, const at::Tensor& valid,
    const at::Tensor& activations, const at::Tensor& cells, std::vector<int64_t> offsets,
    std::vector<bool> switches) {
  const Flags f = read_flags(offsets, switches, c0.size(1));
  const int64_t batch = activations.size(0), steps = activations.size(1);
  at::Tensor dh = grad_h.clone(), dc = grad_c.clone();
  at::Tensor da = f.full_gate_recurrence ? grad_a.clone() : at::empty({batch, 0}, c0.options());
  at::Tensor dz = at::empty_like(activations);
  at::Tensor dz_gates = at::empty(
      {batch, f.full_gate_recurrence ? steps : 0, f.gates * f.hidden}, c0.options());
  AT_DISPATCH_FLOATING_TYPES(activations.scalar_type(), "gated_backward", [&] {
    backward_loop<scalar_t>(f, weight_hh, peepholes, weight_gr, valid, activations, cells, c0,
                            grad_output.contiguous(), dh, dc, da, dz, dz_gates);
  });
  return {dz, dh, dc, da, dz_gates};
}

PYBIND11_MODULE(TORCH_EXTENSION_NAME, m) {
  m.def("forward", &gated_forward, "gated LSTM recurrence, forward");
  m.def("backward", &gated_backward, "gated LSTM recurrence, backward");
}
