;; The WebAssembly SIMD (128-bit) kernels of src/linalg/simd and src/nnls, compiled to
;; products-wasm.ts by `npm run build:simd` (scripts/build-simd.ts); a test checks that the
;; committed binary is this file's compilation. All pointers are byte offsets into the one
;; imported (shared) memory.
;;
;; - timesTransposed, transposedTimes: a dense float32 X (`rows × m`, row-major) times thin
;;   factors (dense-products.ts). Factors are stored with kp columns, kp a multiple of 16 (zero
;;   padding), and rows are taken in pairs (the caller pads X with a zero row when `rows` is
;;   odd); float32 arithmetic, every output entry summing its terms in the order j = 0 … m − 1.
;; - csrTimes, csrScatter, sumChunks: a CSR X times thin factors (sparse-products.ts);
;;   csrTimesSplit: csrTimes summed in float64, as two float32 parts; csrResidual: the stored
;;   entries' part of ‖X − WH‖², float64; csrPairs64, mirrorUpper64: X·Xᵀ in float64;
;;   inverseCholesky64: the randomized SVD's CholeskyQR (linalg/thin.ts); spanCosinesSq64: the
;;   component guard's bound (nmf/components.ts); dot64: the fit's ⟨WᵀW, HHᵀ⟩ (gram-fit.ts).
;; - statistics, compressRows: reading a dense X (scan.ts, sparse-products.ts); badEntry:
;;   checking a CSR X's column indices and values (scan.ts).
;; - bbPairs: the overparametrized bb iteration of src/nnls on pairs of columns, float64.
;; - sweepRows, sweepRows32: hals's coordinate-descent sweeps (src/kernels/js/sweep-kernel.ts),
;;   in float64 and in float32.
;; - gramRows, thinTimes: FᵀF and F·M for a thin float64 F and a small M (thin64.ts); gramPart:
;;   part of FᵀF, for threads (sweep-wasm.ts).
;; - extrapolate32, extrapolate64: the factors' extrapolation (nmf/extrapolation.ts); rounded32:
;;   a float64 array rounded to float32 (host-loops.ts).
;; - pairsFromRows32, pairsToRows32: the BB state's pairs from and to rows (bb-state.ts).
;; - normalPairs64: Rng.normals's draws (src/random.ts), for the randomized SVD's sketch (thin64.ts).
;; - residualSums64, gramColumns64, armijoColumns64, exactCoefficients64, exactMove64,
;;   mirrorColumns64 (with exp64, fdlibm's exp, and expInto, its SIMD form for arrays),
;;   nesterovColumns64: gramHalfStep's off-default methods, float64 (gram-steps-*.ts), the loop
;;   form's operations in its order.
;;
;; Every result is computed by one thread in a fixed order: the same on any number of threads.
(module
  (import "env" "memory" (memory 1 65536 shared))
  ;; JavaScript's Math.log, Math.sin, Math.cos (kernel-imports.ts): normalPairs64 draws what
  ;; src/random.ts draws with them, bit for bit, on any engine.
  (import "math" "log" (func $log (param f64) (result f64)))
  (import "math" "sin" (func $sin (param f64) (result f64)))
  (import "math" "cos" (func $cos (param f64) (result f64)))

  ;; out[i, :] = Σ_j x[i, j] · ht[j, :]   for rows r0 ≤ i < r1 (r1 − r0 even);
  ;; ht is `m × kp` (the factor H transposed), out is `rows × kp`. The columns go in blocks whose
  ;; part of ht (block × kp floats) stays in a core's cache while every row of the chunk passes
  ;; over it (a wide X streamed all of ht once per pair of rows); each entry's sum runs on from
  ;; the last block's, stored in out, in the order of j: the same bits as one block.
  (func (export "timesTransposed")
    (param $x i32) (param $ht i32) (param $out i32) (param $r0 i32) (param $r1 i32) (param $m i32) (param $kp i32)
    (local $c0 i32) (local $block i32) (local $kb i32)
    (local.set $kb (i32.shl (local.get $kp) (i32.const 2)))
    (local.set $block (i32.div_u (i32.const 262144) (local.get $kb)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $c0) (local.get $m)))
        (call $timesTransposedBlock
          (i32.add (local.get $x) (i32.shl (local.get $c0) (i32.const 2)))
          (i32.add (local.get $ht) (i32.mul (local.get $c0) (local.get $kb)))
          (local.get $out) (local.get $r0) (local.get $r1)
          (select (i32.sub (local.get $m) (local.get $c0)) (local.get $block)
            (i32.lt_u (i32.sub (local.get $m) (local.get $c0)) (local.get $block)))
          (local.get $kp) (local.get $m) (local.get $c0))
        (local.set $c0 (i32.add (local.get $c0) (local.get $block)))
        (br $blocks))))

  ;; timesTransposed on the m columns at x of rows `stride` floats apart, from out's sums when
  ;; `add` is not 0, else from 0.
  (func $timesTransposedBlock
    (param $x i32) (param $ht i32) (param $out i32) (param $r0 i32) (param $r1 i32) (param $m i32) (param $kp i32)
    (param $stride i32) (param $add i32)
    (local $i i32) (local $b i32) (local $pa i32) (local $pb i32) (local $ph i32) (local $end i32)
    (local $rb i32) (local $kb i32) (local $po i32) (local $h v128) (local $sa v128) (local $sb v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $rb (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $kb (i32.shl (local.get $kp) (i32.const 2)))
    (local.set $i (local.get $r0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $r1)))
        (local.set $b (i32.const 0))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.ge_s (local.get $b) (local.get $kb)))
            (local.set $pa (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rb))))
            (local.set $pb (i32.add (local.get $pa) (local.get $rb)))
            (local.set $end (i32.add (local.get $pa) (i32.shl (local.get $m) (i32.const 2))))
            (local.set $ph (i32.add (local.get $ht) (local.get $b)))
            (local.set $po (i32.add (local.get $out) (i32.add (i32.mul (local.get $i) (local.get $kb)) (local.get $b))))
            (if (local.get $add)
              (then
                (local.set $a0 (v128.load offset=0 (local.get $po)))
                (local.set $a1 (v128.load offset=16 (local.get $po)))
                (local.set $a2 (v128.load offset=32 (local.get $po)))
                (local.set $a3 (v128.load offset=48 (local.get $po)))
                (local.set $b0 (v128.load offset=0 (i32.add (local.get $po) (local.get $kb))))
                (local.set $b1 (v128.load offset=16 (i32.add (local.get $po) (local.get $kb))))
                (local.set $b2 (v128.load offset=32 (i32.add (local.get $po) (local.get $kb))))
                (local.set $b3 (v128.load offset=48 (i32.add (local.get $po) (local.get $kb)))))
              (else
                (local.set $a0 (v128.const i32x4 0 0 0 0))
                (local.set $a1 (v128.const i32x4 0 0 0 0))
                (local.set $a2 (v128.const i32x4 0 0 0 0))
                (local.set $a3 (v128.const i32x4 0 0 0 0))
                (local.set $b0 (v128.const i32x4 0 0 0 0))
                (local.set $b1 (v128.const i32x4 0 0 0 0))
                (local.set $b2 (v128.const i32x4 0 0 0 0))
                (local.set $b3 (v128.const i32x4 0 0 0 0))))
            (loop $cols
              (local.set $sa (v128.load32_splat (local.get $pa)))
              (local.set $sb (v128.load32_splat (local.get $pb)))
              (local.set $h (v128.load offset=0 (local.get $ph)))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $sa) (local.get $h))))
              (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $sb) (local.get $h))))
              (local.set $h (v128.load offset=16 (local.get $ph)))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $sa) (local.get $h))))
              (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $sb) (local.get $h))))
              (local.set $h (v128.load offset=32 (local.get $ph)))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $sa) (local.get $h))))
              (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $sb) (local.get $h))))
              (local.set $h (v128.load offset=48 (local.get $ph)))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $sa) (local.get $h))))
              (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $sb) (local.get $h))))
              (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
              (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
              (local.set $ph (i32.add (local.get $ph) (local.get $kb)))
              (br_if $cols (i32.lt_u (local.get $pa) (local.get $end))))
            (local.set $po (i32.add (local.get $out) (i32.add (i32.mul (local.get $i) (local.get $kb)) (local.get $b))))
            (v128.store offset=0 (local.get $po) (local.get $a0))
            (v128.store offset=16 (local.get $po) (local.get $a1))
            (v128.store offset=32 (local.get $po) (local.get $a2))
            (v128.store offset=48 (local.get $po) (local.get $a3))
            (local.set $po (i32.add (local.get $po) (local.get $kb)))
            (v128.store offset=0 (local.get $po) (local.get $b0))
            (v128.store offset=16 (local.get $po) (local.get $b1))
            (v128.store offset=32 (local.get $po) (local.get $b2))
            (v128.store offset=48 (local.get $po) (local.get $b3))
            (local.set $b (i32.add (local.get $b) (i32.const 64)))
            (br $blocks)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows))))

  ;; acc[j, :] = Σ_{r0 ≤ i < r1} x[i, j] · w[i, :]   for the m columns j at x (r1 − r0 even), the
  ;; rows of X `stride` floats apart; w is `rows × kp`, acc is `m × kp` and is overwritten (the
  ;; pair of rows r0, r0 + 1 first). Each column's sum runs over the rows in order whatever m is:
  ;; a block of X's columns (x, acc moved to its first) gets the bits of the whole product.
  (func (export "transposedTimes")
    (param $x i32) (param $w i32) (param $acc i32) (param $r0 i32) (param $r1 i32) (param $m i32) (param $kp i32)
    (param $stride i32)
    (local $i i32) (local $b i32) (local $pa i32) (local $pb i32) (local $pc i32) (local $end i32)
    (local $rb i32) (local $kb i32) (local $pw i32) (local $sa v128) (local $sb v128) (local $first i32)
    (local $wa0 v128) (local $wa1 v128) (local $wa2 v128) (local $wa3 v128)
    (local $wb0 v128) (local $wb1 v128) (local $wb2 v128) (local $wb3 v128) (local $mb i32)
    (local.set $rb (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $mb (i32.shl (local.get $m) (i32.const 2)))
    (local.set $kb (i32.shl (local.get $kp) (i32.const 2)))
    (local.set $i (local.get $r0))
    (local.set $first (i32.const 1))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $r1)))
        (local.set $b (i32.const 0))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.ge_s (local.get $b) (local.get $kb)))
            (local.set $pa (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rb))))
            (local.set $pb (i32.add (local.get $pa) (local.get $rb)))
            (local.set $end (i32.add (local.get $pa) (local.get $mb)))
            (local.set $pw (i32.add (local.get $w) (i32.add (i32.mul (local.get $i) (local.get $kb)) (local.get $b))))
            (local.set $wa0 (v128.load offset=0 (local.get $pw)))
            (local.set $wa1 (v128.load offset=16 (local.get $pw)))
            (local.set $wa2 (v128.load offset=32 (local.get $pw)))
            (local.set $wa3 (v128.load offset=48 (local.get $pw)))
            (local.set $pw (i32.add (local.get $pw) (local.get $kb)))
            (local.set $wb0 (v128.load offset=0 (local.get $pw)))
            (local.set $wb1 (v128.load offset=16 (local.get $pw)))
            (local.set $wb2 (v128.load offset=32 (local.get $pw)))
            (local.set $wb3 (v128.load offset=48 (local.get $pw)))
            (local.set $pc (i32.add (local.get $acc) (local.get $b)))
            (if (local.get $first)
              (then
                (loop $init
                  (local.set $sa (v128.load32_splat (local.get $pa)))
                  (local.set $sb (v128.load32_splat (local.get $pb)))
                  (v128.store offset=0 (local.get $pc)
                    (f32x4.add (f32x4.mul (local.get $sa) (local.get $wa0)) (f32x4.mul (local.get $sb) (local.get $wb0))))
                  (v128.store offset=16 (local.get $pc)
                    (f32x4.add (f32x4.mul (local.get $sa) (local.get $wa1)) (f32x4.mul (local.get $sb) (local.get $wb1))))
                  (v128.store offset=32 (local.get $pc)
                    (f32x4.add (f32x4.mul (local.get $sa) (local.get $wa2)) (f32x4.mul (local.get $sb) (local.get $wb2))))
                  (v128.store offset=48 (local.get $pc)
                    (f32x4.add (f32x4.mul (local.get $sa) (local.get $wa3)) (f32x4.mul (local.get $sb) (local.get $wb3))))
                  (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
                  (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
                  (local.set $pc (i32.add (local.get $pc) (local.get $kb)))
                  (br_if $init (i32.lt_u (local.get $pa) (local.get $end)))))
              (else
                (loop $cols
                  (local.set $sa (v128.load32_splat (local.get $pa)))
                  (local.set $sb (v128.load32_splat (local.get $pb)))
                  (v128.store offset=0 (local.get $pc)
                    (f32x4.add (v128.load offset=0 (local.get $pc))
                      (f32x4.add (f32x4.mul (local.get $sa) (local.get $wa0)) (f32x4.mul (local.get $sb) (local.get $wb0)))))
                  (v128.store offset=16 (local.get $pc)
                    (f32x4.add (v128.load offset=16 (local.get $pc))
                      (f32x4.add (f32x4.mul (local.get $sa) (local.get $wa1)) (f32x4.mul (local.get $sb) (local.get $wb1)))))
                  (v128.store offset=32 (local.get $pc)
                    (f32x4.add (v128.load offset=32 (local.get $pc))
                      (f32x4.add (f32x4.mul (local.get $sa) (local.get $wa2)) (f32x4.mul (local.get $sb) (local.get $wb2)))))
                  (v128.store offset=48 (local.get $pc)
                    (f32x4.add (v128.load offset=48 (local.get $pc))
                      (f32x4.add (f32x4.mul (local.get $sa) (local.get $wa3)) (f32x4.mul (local.get $sb) (local.get $wb3)))))
                  (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
                  (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
                  (local.set $pc (i32.add (local.get $pc) (local.get $kb)))
                  (br_if $cols (i32.lt_u (local.get $pa) (local.get $end))))))
            (local.set $b (i32.add (local.get $b) (i32.const 64)))
            (br $blocks)))
        (local.set $first (i32.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows))))
;;
  ;; out[i, :] = Σ_p values[p] · f[indices[p], :]   over p = begin[i], …, finish[i] − 1 (int32
  ;; arrays: X's indptr and indptr + 4 for whole rows), for the rows r0 ≤ i < r1 of a CSR matrix X
  ;; (column indices of isz = 2 or 4 bytes, float32 values); f is `n × kp`, out is `rows × kp`, of
  ;; which the first `lanes` (a multiple of 4) are computed. With `accumulate` the sums start from
  ;; out instead of zero: the entries of a row in consecutive ranges, one call each, give the bits
  ;; of one call over all of them. Each entry sums its terms in storage order: with sorted
  ;; indices that is timesTransposed's order without the zeros (which add nothing), so a dense X
  ;; and its CSR form give the same X·Hᵀ bit for bit. (Two alternating sums per entry, for more
  ;; additions in flight, measured 1.6× slower.)
  ;; The lanes go sixteen to a pass over a row's entries while twelve or more are left and kp has
  ;; room (the block's padding lanes of f are zeros and give zeros: one pass costs less than three
  ;; of four lanes; rank 10: 2.3× faster), the last twenty in one pass (rank 20: 1.3× faster than
  ;; sixteen and four), then eight, then four. (Thirty-two to a pass, eight sums in registers,
  ;; measured 1.3–1.5× slower than two passes of sixteen.)
  (func (export "csrTimes")
    (param $begin i32) (param $finish i32) (param $indices i32) (param $values i32) (param $f i32)
    (param $out i32) (param $r0 i32) (param $r1 i32) (param $kp i32) (param $isz i32) (param $lanes i32)
    (param $accumulate i32)
    (local $lb i32) (local $i i32) (local $b i32) (local $pv i32) (local $pi i32) (local $pv0 i32) (local $pi0 i32)
    (local $end i32) (local $kb i32) (local $fb i32) (local $pf i32) (local $po i32) (local $s v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $mask i32)
    (local.set $mask (call $indexMask (local.get $isz)))
    (local.set $kb (i32.shl (local.get $kp) (i32.const 2)))
    (local.set $lb (i32.shl (local.get $lanes) (i32.const 2)))
    (local.set $i (local.get $r0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $r1)))
        (local.set $pf (i32.load (i32.add (local.get $begin) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $pi0 (i32.add (local.get $indices) (i32.mul (local.get $pf) (local.get $isz))))
        (local.set $pv0 (i32.add (local.get $values) (i32.shl (local.get $pf) (i32.const 2))))
        (local.set $end (i32.add (local.get $values)
          (i32.shl (i32.load (i32.add (local.get $finish) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2))))
        (local.set $b (i32.const 0))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.gt_s (i32.add (local.get $b) (i32.const 48)) (local.get $lb)))
            (br_if $blocksDone (i32.gt_s (i32.add (local.get $b) (i32.const 64)) (local.get $kb)))
            (br_if $blocksDone (i32.eq (i32.sub (local.get $lb) (local.get $b)) (i32.const 80)))
            (if (local.get $accumulate)
              (then
                (local.set $po (i32.add (local.get $out) (i32.add (i32.mul (local.get $i) (local.get $kb)) (local.get $b))))
                (local.set $a0 (v128.load offset=0 (local.get $po)))
                (local.set $a1 (v128.load offset=16 (local.get $po)))
                (local.set $a2 (v128.load offset=32 (local.get $po)))
                (local.set $a3 (v128.load offset=48 (local.get $po))))
              (else
                (local.set $a0 (v128.const i32x4 0 0 0 0))
                (local.set $a1 (v128.const i32x4 0 0 0 0))
                (local.set $a2 (v128.const i32x4 0 0 0 0))
                (local.set $a3 (v128.const i32x4 0 0 0 0))))
            (local.set $pv (local.get $pv0))
            (local.set $pi (local.get $pi0))
            (local.set $fb (i32.add (local.get $f) (local.get $b)))
            (block $nnzDone
              (loop $nnz
                (br_if $nnzDone (i32.ge_u (local.get $pv) (local.get $end)))
                (local.set $s (v128.load32_splat (local.get $pv)))
                (local.set $pf (i32.add (local.get $fb) (i32.mul (i32.and (i32.load (local.get $pi)) (local.get $mask)) (local.get $kb))))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load offset=0 (local.get $pf)))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $pf)))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $pf)))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $pf)))))
                (local.set $pv (i32.add (local.get $pv) (i32.const 4)))
                (local.set $pi (i32.add (local.get $pi) (local.get $isz)))
                (br $nnz)))
            (local.set $po (i32.add (local.get $out) (i32.add (i32.mul (local.get $i) (local.get $kb)) (local.get $b))))
            (v128.store offset=0 (local.get $po) (local.get $a0))
            (v128.store offset=16 (local.get $po) (local.get $a1))
            (v128.store offset=32 (local.get $po) (local.get $a2))
            (v128.store offset=48 (local.get $po) (local.get $a3))
            (local.set $b (i32.add (local.get $b) (i32.const 64)))
            (br $blocks)))
        ;; the last twenty lanes in one pass, if exactly as many are left
        (if (i32.eq (i32.sub (local.get $lb) (local.get $b)) (i32.const 80))
          (then
            (local.set $po (i32.add (local.get $out) (i32.add (i32.mul (local.get $i) (local.get $kb)) (local.get $b))))
            (local.set $a0 (select (v128.load offset=0 (local.get $po)) (v128.const i32x4 0 0 0 0) (local.get $accumulate)))
            (local.set $a1 (select (v128.load offset=16 (local.get $po)) (v128.const i32x4 0 0 0 0) (local.get $accumulate)))
            (local.set $a2 (select (v128.load offset=32 (local.get $po)) (v128.const i32x4 0 0 0 0) (local.get $accumulate)))
            (local.set $a3 (select (v128.load offset=48 (local.get $po)) (v128.const i32x4 0 0 0 0) (local.get $accumulate)))
            (local.set $a4 (select (v128.load offset=64 (local.get $po)) (v128.const i32x4 0 0 0 0) (local.get $accumulate)))
            (local.set $pv (local.get $pv0))
            (local.set $pi (local.get $pi0))
            (local.set $fb (i32.add (local.get $f) (local.get $b)))
            (block $wideNnzDone
              (loop $wideNnz
                (br_if $wideNnzDone (i32.ge_u (local.get $pv) (local.get $end)))
                (local.set $s (v128.load32_splat (local.get $pv)))
                (local.set $pf (i32.add (local.get $fb) (i32.mul (i32.and (i32.load (local.get $pi)) (local.get $mask)) (local.get $kb))))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load offset=0 (local.get $pf)))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $pf)))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $pf)))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $pf)))))
                (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s) (v128.load offset=64 (local.get $pf)))))
                (local.set $pv (i32.add (local.get $pv) (i32.const 4)))
                (local.set $pi (i32.add (local.get $pi) (local.get $isz)))
                (br $wideNnz)))
            (v128.store offset=0 (local.get $po) (local.get $a0))
            (v128.store offset=16 (local.get $po) (local.get $a1))
            (v128.store offset=32 (local.get $po) (local.get $a2))
            (v128.store offset=48 (local.get $po) (local.get $a3))
            (v128.store offset=64 (local.get $po) (local.get $a4))
            (local.set $b (local.get $lb))))
        ;; eight lanes past the last block of 16, if as many are left
        (if (i32.le_s (i32.add (local.get $b) (i32.const 32)) (local.get $lb))
          (then
            (local.set $po (i32.add (local.get $out) (i32.add (i32.mul (local.get $i) (local.get $kb)) (local.get $b))))
            (local.set $a0 (select (v128.load offset=0 (local.get $po)) (v128.const i32x4 0 0 0 0) (local.get $accumulate)))
            (local.set $a1 (select (v128.load offset=16 (local.get $po)) (v128.const i32x4 0 0 0 0) (local.get $accumulate)))
            (local.set $pv (local.get $pv0))
            (local.set $pi (local.get $pi0))
            (local.set $fb (i32.add (local.get $f) (local.get $b)))
            (block $pairNnzDone
              (loop $pairNnz
                (br_if $pairNnzDone (i32.ge_u (local.get $pv) (local.get $end)))
                (local.set $s (v128.load32_splat (local.get $pv)))
                (local.set $pf (i32.add (local.get $fb) (i32.mul (i32.and (i32.load (local.get $pi)) (local.get $mask)) (local.get $kb))))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load offset=0 (local.get $pf)))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $pf)))))
                (local.set $pv (i32.add (local.get $pv) (i32.const 4)))
                (local.set $pi (i32.add (local.get $pi) (local.get $isz)))
                (br $pairNnz)))
            (v128.store offset=0 (local.get $po) (local.get $a0))
            (v128.store offset=16 (local.get $po) (local.get $a1))
            (local.set $b (i32.add (local.get $b) (i32.const 32)))))
        ;; the four lanes left, if any
        (if (i32.lt_s (local.get $b) (local.get $lb))
          (then
            (local.set $po (i32.add (local.get $out) (i32.add (i32.mul (local.get $i) (local.get $kb)) (local.get $b))))
            (local.set $a0 (select (v128.load (local.get $po)) (v128.const i32x4 0 0 0 0) (local.get $accumulate)))
            (local.set $pv (local.get $pv0))
            (local.set $pi (local.get $pi0))
            (local.set $fb (i32.add (local.get $f) (local.get $b)))
            (block $tailNnzDone
              (loop $tailNnz
                (br_if $tailNnzDone (i32.ge_u (local.get $pv) (local.get $end)))
                (local.set $pf (i32.add (local.get $fb) (i32.mul (i32.and (i32.load (local.get $pi)) (local.get $mask)) (local.get $kb))))
                (local.set $a0 (f32x4.add (local.get $a0)
                  (f32x4.mul (v128.load32_splat (local.get $pv)) (v128.load (local.get $pf)))))
                (local.set $pv (i32.add (local.get $pv) (i32.const 4)))
                (local.set $pi (i32.add (local.get $pi) (local.get $isz)))
                (br $tailNnz)))
            (v128.store (local.get $po) (local.get $a0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))
;;
  ;; csrTimes summed in float64: s[i, t] = Σ_p values[p] · f[indices[p], t] over the entries of
  ;; rows r0 ≤ i < r1 in storage order, each product exact in float64 (float32 factors), for the
  ;; first `lanes` (a multiple of 4) of kp; stored as two float32 parts, hi = s rounded to float32
  ;; into out and lo = s − hi rounded into out + loOffset (both `rows × kp`). The lanes go eight
  ;; at a time, then four. The same sums as linalg/sparse.ts's float64 loop (transposedTimesCsr64)
  ;; on the CSR form of Xᵀ: bit for bit.
  (func (export "csrTimesSplit")
    (param $indptr i32) (param $indices i32) (param $values i32) (param $f i32) (param $out i32)
    (param $loOffset i32) (param $r0 i32) (param $r1 i32) (param $kp i32) (param $isz i32)
    (param $lanes i32)
    (local $lb i32) (local $i i32) (local $b i32) (local $pv i32) (local $pi i32) (local $pv0 i32)
    (local $pi0 i32) (local $end i32) (local $kb i32) (local $fb i32) (local $pf i32) (local $po i32)
    (local $s v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $mask i32)
    (local.set $mask (call $indexMask (local.get $isz)))
    (local.set $kb (i32.shl (local.get $kp) (i32.const 2)))
    (local.set $lb (i32.shl (local.get $lanes) (i32.const 2)))
    (local.set $i (local.get $r0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $r1)))
        (local.set $pf (i32.add (local.get $indptr) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $pi0 (i32.add (local.get $indices) (i32.mul (i32.load offset=0 (local.get $pf)) (local.get $isz))))
        (local.set $pv0 (i32.add (local.get $values) (i32.shl (i32.load offset=0 (local.get $pf)) (i32.const 2))))
        (local.set $end (i32.add (local.get $values) (i32.shl (i32.load offset=4 (local.get $pf)) (i32.const 2))))
        (local.set $b (i32.const 0))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.gt_s (i32.add (local.get $b) (i32.const 32)) (local.get $lb)))
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0))
            (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $pv (local.get $pv0))
            (local.set $pi (local.get $pi0))
            (local.set $fb (i32.add (local.get $f) (local.get $b)))
            (block $nnzDone
              (loop $nnz
                (br_if $nnzDone (i32.ge_u (local.get $pv) (local.get $end)))
                (local.set $s (f64x2.splat (f64.promote_f32 (f32.load (local.get $pv)))))
                (local.set $pf (i32.add (local.get $fb) (i32.mul (i32.and (i32.load (local.get $pi)) (local.get $mask)) (local.get $kb))))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $s)
                  (f64x2.promote_low_f32x4 (v128.load64_zero offset=0 (local.get $pf))))))
                (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $s)
                  (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $pf))))))
                (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $s)
                  (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $pf))))))
                (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $s)
                  (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $pf))))))
                (local.set $pv (i32.add (local.get $pv) (i32.const 4)))
                (local.set $pi (i32.add (local.get $pi) (local.get $isz)))
                (br $nnz)))
            (local.set $po (i32.add (local.get $out) (i32.add (i32.mul (local.get $i) (local.get $kb)) (local.get $b))))
            (call $storeSplit (i32.add (local.get $po) (i32.const 0)) (local.get $loOffset) (local.get $a0))
            (call $storeSplit (i32.add (local.get $po) (i32.const 8)) (local.get $loOffset) (local.get $a1))
            (call $storeSplit (i32.add (local.get $po) (i32.const 16)) (local.get $loOffset) (local.get $a2))
            (call $storeSplit (i32.add (local.get $po) (i32.const 24)) (local.get $loOffset) (local.get $a3))
            (local.set $b (i32.add (local.get $b) (i32.const 32)))
            (br $blocks)))
        ;; the four lanes left, if any
        (if (i32.lt_s (local.get $b) (local.get $lb))
          (then
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $pv (local.get $pv0))
            (local.set $pi (local.get $pi0))
            (local.set $fb (i32.add (local.get $f) (local.get $b)))
            (block $tailDone
              (loop $tail
                (br_if $tailDone (i32.ge_u (local.get $pv) (local.get $end)))
                (local.set $s (f64x2.splat (f64.promote_f32 (f32.load (local.get $pv)))))
                (local.set $pf (i32.add (local.get $fb) (i32.mul (i32.and (i32.load (local.get $pi)) (local.get $mask)) (local.get $kb))))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $s)
                  (f64x2.promote_low_f32x4 (v128.load64_zero offset=0 (local.get $pf))))))
                (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $s)
                  (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $pf))))))
                (local.set $pv (i32.add (local.get $pv) (i32.const 4)))
                (local.set $pi (i32.add (local.get $pi) (local.get $isz)))
                (br $tail)))
            (local.set $po (i32.add (local.get $out) (i32.add (i32.mul (local.get $i) (local.get $kb)) (local.get $b))))
            (call $storeSplit (i32.add (local.get $po) (i32.const 0)) (local.get $loOffset) (local.get $a0))
            (call $storeSplit (i32.add (local.get $po) (i32.const 8)) (local.get $loOffset) (local.get $a1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; The two float64 lanes of s as float32 parts: hi = s rounded at p, lo = s − hi rounded at
  ;; p + loOffset (8 bytes each).
  (func $storeSplit (param $p i32) (param $loOffset i32) (param $s v128)
    (local $hi v128)
    (local.set $hi (f32x4.demote_f64x2_zero (local.get $s)))
    (v128.store64_lane 0 (local.get $p) (local.get $hi))
    (v128.store64_lane 0 (i32.add (local.get $p) (local.get $loOffset))
      (f32x4.demote_f64x2_zero (f64x2.sub (local.get $s) (f64x2.promote_low_f32x4 (local.get $hi))))))
;;
  ;; A stored index is the 32-bit word at its place masked to its isz = 2 or 4 bytes (an index of
  ;; 2 bytes reads the next one's too: the arrays keep a spare entry after the last).
  (func $indexMask (param $isz i32) (result i32)
    (select (i32.const 0xffff) (i32.const -1) (i32.eq (local.get $isz) (i32.const 2))))

  ;; acc[j, :] = Σ_i Σ_p values[p] · f[i, :]   over the entries p = (i, j) of rows r0 ≤ i < r1 of a
  ;; CSR matrix X (as csrTimes): its rows' part of Xᵀ·f, scattered along the rows in storage
  ;; order into acc (`cols × kp`, zeroed here); f is `rows × kp`. A chunk of rows per acc, the
  ;; chunks then summed in order (sumChunks): the same result on any number of threads.
  (func (export "csrScatter")
    (param $indptr i32) (param $indices i32) (param $values i32) (param $f i32) (param $acc i32)
    (param $r0 i32) (param $r1 i32) (param $kp i32) (param $cols i32) (param $isz i32)
    (local $i i32) (local $b i32) (local $pv i32) (local $pi i32) (local $pv0 i32) (local $pi0 i32)
    (local $end i32) (local $kb i32) (local $pf i32) (local $pa i32) (local $s v128)
    (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128) (local $mask i32)
    (local.set $mask (call $indexMask (local.get $isz)))
    (local.set $kb (i32.shl (local.get $kp) (i32.const 2)))
    (memory.fill (local.get $acc) (i32.const 0) (i32.mul (local.get $cols) (local.get $kb)))
    (local.set $i (local.get $r0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $r1)))
        (local.set $pf (i32.add (local.get $indptr) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $pi0 (i32.add (local.get $indices) (i32.mul (i32.load offset=0 (local.get $pf)) (local.get $isz))))
        (local.set $pv0 (i32.add (local.get $values) (i32.shl (i32.load offset=0 (local.get $pf)) (i32.const 2))))
        (local.set $end (i32.add (local.get $values) (i32.shl (i32.load offset=4 (local.get $pf)) (i32.const 2))))
        (local.set $b (i32.const 0))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.ge_s (local.get $b) (local.get $kb)))
            (local.set $pf (i32.add (local.get $f) (i32.add (i32.mul (local.get $i) (local.get $kb)) (local.get $b))))
            (local.set $m0 (v128.load offset=0 (local.get $pf)))
            (local.set $m1 (v128.load offset=16 (local.get $pf)))
            (local.set $m2 (v128.load offset=32 (local.get $pf)))
            (local.set $m3 (v128.load offset=48 (local.get $pf)))
            (local.set $pv (local.get $pv0))
            (local.set $pi (local.get $pi0))
            (block $nnzDone
              (loop $nnz
                (br_if $nnzDone (i32.ge_u (local.get $pv) (local.get $end)))
                (local.set $s (v128.load32_splat (local.get $pv)))
                (local.set $pa (i32.add (i32.add (local.get $acc) (local.get $b))
                  (i32.mul (i32.and (i32.load (local.get $pi)) (local.get $mask)) (local.get $kb))))
                (v128.store offset=0 (local.get $pa) (f32x4.add (v128.load offset=0 (local.get $pa)) (f32x4.mul (local.get $s) (local.get $m0))))
                (v128.store offset=16 (local.get $pa) (f32x4.add (v128.load offset=16 (local.get $pa)) (f32x4.mul (local.get $s) (local.get $m1))))
                (v128.store offset=32 (local.get $pa) (f32x4.add (v128.load offset=32 (local.get $pa)) (f32x4.mul (local.get $s) (local.get $m2))))
                (v128.store offset=48 (local.get $pa) (f32x4.add (v128.load offset=48 (local.get $pa)) (f32x4.mul (local.get $s) (local.get $m3))))
                (local.set $pv (i32.add (local.get $pv) (i32.const 4)))
                (local.set $pi (i32.add (local.get $pi) (local.get $isz)))
                (br $nnz)))
            (local.set $b (i32.add (local.get $b) (i32.const 64)))
            (br $blocks)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; out[t, j] = Σ_c acc_c[j, t] for t < k, j < cols: the `cols × kp` float32 accumulators of
  ;; `chunks` chunks, `stride` bytes apart, summed in chunk order in float64 and rounded to
  ;; float32 into out at t·$tBytes + j·$jBytes (`k × cols` row-major: 4·cols and 4; `cols × k`:
  ;; 4 and 4·k).
  (func (export "sumChunks")
    (param $acc i32) (param $chunks i32) (param $stride i32) (param $cols i32) (param $kp i32)
    (param $k i32) (param $out i32) (param $tBytes i32) (param $jBytes i32)
    (local $j i32) (local $t i32) (local $c i32) (local $pa i32) (local $s f64)
    (block $colsDone
      (loop $colLoop
        (br_if $colsDone (i32.ge_u (local.get $j) (local.get $cols)))
        (local.set $t (i32.const 0))
        (block $tDone
          (loop $tLoop
            (br_if $tDone (i32.ge_u (local.get $t) (local.get $k)))
            (local.set $s (f64.const 0))
            (local.set $pa (i32.add (local.get $acc)
              (i32.shl (i32.add (i32.mul (local.get $j) (local.get $kp)) (local.get $t)) (i32.const 2))))
            (local.set $c (i32.const 0))
            (block $chunksDone
              (loop $chunkLoop
                (br_if $chunksDone (i32.ge_u (local.get $c) (local.get $chunks)))
                (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.load (local.get $pa)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $stride)))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br $chunkLoop)))
            (f32.store (i32.add (local.get $out)
                (i32.add (i32.mul (local.get $t) (local.get $tBytes)) (i32.mul (local.get $j) (local.get $jBytes))))
              (f32.demote_f64 (local.get $s)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $tLoop)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $colLoop))))
;;
;; Statistics of n float32 entries at x, added to the float64s at out: out[0] += Σ x,
  ;; out[1] += Σ x², out[2] = max(out[2], max x), out[3] += the count of zeros. Four entries at a
  ;; time (two float64 pairs of sums); a group with an entry that is negative, NaN or +∞ goes
  ;; entry by entry, which stops at the bad one and returns its index (else −1).
  (func (export "statistics") (param $x i32) (param $n i32) (param $out i32) (result i32)
    (local $i i32) (local $v f64) (local $sum f64) (local $sq f64) (local $max f64) (local $zeros f64)
    (local $q v128) (local $lo v128) (local $hi v128) (local $sum2 v128) (local $sq2 v128)
    (local $max4 v128) (local $zeros4 v128)
    (block $groupsDone
      (loop $groups
        (br_if $groupsDone (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $q (v128.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))))
        (br_if $groupsDone (i32.eqz (i32x4.all_true (v128.and
          (f32x4.ge (local.get $q) (v128.const f32x4 0 0 0 0))
          (f32x4.ne (local.get $q) (v128.const f32x4 inf inf inf inf))))))
        (local.set $lo (f64x2.promote_low_f32x4 (local.get $q)))
        (local.set $hi (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $q) (local.get $q))))
        (local.set $sum2 (f64x2.add (local.get $sum2) (f64x2.add (local.get $lo) (local.get $hi))))
        (local.set $sq2 (f64x2.add (local.get $sq2)
          (f64x2.add (f64x2.mul (local.get $lo) (local.get $lo)) (f64x2.mul (local.get $hi) (local.get $hi)))))
        (local.set $max4 (f32x4.max (local.get $max4) (local.get $q)))
        (local.set $zeros4 (i32x4.sub (local.get $zeros4) (f32x4.eq (local.get $q) (v128.const f32x4 0 0 0 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $groups)))
    (local.set $sum (f64.add (f64.load offset=0 (local.get $out))
      (f64.add (f64x2.extract_lane 0 (local.get $sum2)) (f64x2.extract_lane 1 (local.get $sum2)))))
    (local.set $sq (f64.add (f64.load offset=8 (local.get $out))
      (f64.add (f64x2.extract_lane 0 (local.get $sq2)) (f64x2.extract_lane 1 (local.get $sq2)))))
    (local.set $max (f64.max (f64.load offset=16 (local.get $out)) (f64.promote_f32 (f32.max
      (f32.max (f32x4.extract_lane 0 (local.get $max4)) (f32x4.extract_lane 1 (local.get $max4)))
      (f32.max (f32x4.extract_lane 2 (local.get $max4)) (f32x4.extract_lane 3 (local.get $max4)))))))
    (local.set $zeros (f64.add (f64.load offset=24 (local.get $out)) (f64.convert_i32_u (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $zeros4)) (i32x4.extract_lane 1 (local.get $zeros4)))
      (i32.add (i32x4.extract_lane 2 (local.get $zeros4)) (i32x4.extract_lane 3 (local.get $zeros4)))))))
    (block $done
      (loop $entries
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $v (f64.promote_f32 (f32.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2))))))
        (br_if $done (i32.eqz (i32.and (f64.ge (local.get $v) (f64.const 0)) (f64.ne (local.get $v) (f64.const inf)))))
        (local.set $sum (f64.add (local.get $sum) (local.get $v)))
        (local.set $sq (f64.add (local.get $sq) (f64.mul (local.get $v) (local.get $v))))
        (local.set $max (f64.max (local.get $max) (local.get $v)))
        (if (f64.eq (local.get $v) (f64.const 0)) (then (local.set $zeros (f64.add (local.get $zeros) (f64.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $entries)))
    (f64.store offset=0 (local.get $out) (local.get $sum))
    (f64.store offset=8 (local.get $out) (local.get $sq))
    (f64.store offset=16 (local.get $out) (local.get $max))
    (f64.store offset=24 (local.get $out) (local.get $zeros))
    (select (i32.const -1) (local.get $i) (i32.ge_u (local.get $i) (local.get $n))))

;;
  ;; The first of n CSR entries whose int32 column index at indices is outside [0, cols) or whose
  ;; float32 value at values is not finite (NaN or ±∞), else −1 (checkCsr's checks, scan.ts's
  ;; badEntry). Four entries at a time; a group with a bad one goes entry by entry.
  (func (export "badEntry") (param $indices i32) (param $values i32) (param $n i32) (param $cols i32)
    (result i32)
    (local $i i32) (local $at i32) (local $c v128)
    (local.set $c (i32x4.splat (local.get $cols)))
    (block $groupsDone
      (loop $groups
        (br_if $groupsDone (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $at (i32.shl (local.get $i) (i32.const 2)))
        ;; unsigned: a negative index is ≥ cols too; |v| < ∞ is false for NaN and ±∞
        (br_if $groupsDone (v128.any_true (v128.or
          (i32x4.ge_u (v128.load (i32.add (local.get $indices) (local.get $at))) (local.get $c))
          (v128.not (f32x4.lt (f32x4.abs (v128.load (i32.add (local.get $values) (local.get $at))))
            (v128.const f32x4 inf inf inf inf))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $groups)))
    (block $done
      (loop $entries
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $at (i32.shl (local.get $i) (i32.const 2)))
        (br_if $done (i32.ge_u (i32.load (i32.add (local.get $indices) (local.get $at))) (local.get $cols)))
        (br_if $done (i32.eqz (f32.lt (f32.abs (f32.load (i32.add (local.get $values) (local.get $at))))
          (f32.const inf))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $entries)))
    (select (i32.const -1) (local.get $i) (i32.ge_u (local.get $i) (local.get $n))))

  ;; The non-zeros of `rows` dense rows at x (`rows × m` float32) appended to a CSR matrix from
  ;; entry p: column indices (isz = 2 or 4 bytes) to indices[p…], values to values[p…], and the running count to
  ;; indptr[1 … rows] (indptr points at the slot of the first row). Returns the new count, or −1
  ;; at a non-zero that would be entry number `limit`. Without branches on the values: every
  ;; entry is written at p and p moves on past the non-zeros, so indices and values need room
  ;; for limit + 1 entries.
  (func (export "compressRows")
    (param $x i32) (param $rows i32) (param $m i32) (param $p i32)
    (param $indptr i32) (param $indices i32) (param $values i32) (param $limit i32) (param $isz i32)
    (result i32)
    (local $i i32) (local $j i32) (local $v f32) (local $px i32)
    (local.set $px (local.get $x))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $m)))
            ;; four zero bit patterns in a row (common in sparse data): skip them at once
            (if (i32.le_u (i32.add (local.get $j) (i32.const 4)) (local.get $m))
              (then
                (if (i32.eqz (v128.any_true (v128.load (local.get $px))))
                  (then
                    (local.set $px (i32.add (local.get $px) (i32.const 16)))
                    (local.set $j (i32.add (local.get $j) (i32.const 4)))
                    (br $colLoop)))))
            (local.set $v (f32.load (local.get $px)))
            (if (i32.ge_u (local.get $p) (local.get $limit))
              (then (if (f32.ne (local.get $v) (f32.const 0)) (then (return (i32.const -1))))))
            (if (i32.eq (local.get $isz) (i32.const 2))
              (then (i32.store16 (i32.add (local.get $indices) (i32.shl (local.get $p) (i32.const 1))) (local.get $j)))
              (else (i32.store (i32.add (local.get $indices) (i32.shl (local.get $p) (i32.const 2))) (local.get $j))))
            (f32.store (i32.add (local.get $values) (i32.shl (local.get $p) (i32.const 2))) (local.get $v))
            (local.set $p (i32.add (local.get $p) (f32.ne (local.get $v) (f32.const 0))))
            (local.set $px (i32.add (local.get $px) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $colLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (i32.store (i32.add (local.get $indptr) (i32.shl (local.get $i) (i32.const 2))) (local.get $p))
        (br $rowLoop)))
    (local.get $p))
;;
  ;; s = Σ_p x_p·(x_p − 2·y_p) over the stored entries p = (i, j) of the rows r0 ≤ i < r1 of a
  ;; CSR matrix X (int32 indptr, column indices of isz = 2 or 4 bytes, float32 values), with
  ;; y_p = Σ_t w[i, t]·h[j, t] in float64 (w `rows × k2` and h `cols × k2` float64 row-major, k2
  ;; even, the pad zero; four running sums of pairs of t, a remainder pair by pair into the first,
  ;; the four then the lanes added), entries in storage order; stored as a float64 at out. The
  ;; stored part of ‖X − WH‖² (sparse-products.ts squaredError).
  (func (export "csrResidual")
    (param $indptr i32) (param $indices i32) (param $values i32) (param $w i32) (param $h i32)
    (param $r0 i32) (param $r1 i32) (param $k2 i32) (param $isz i32) (param $out i32)
    (local $i i32) (local $pi i32) (local $pv i32) (local $end i32) (local $mask i32)
    (local $rb i32) (local $wr i32) (local $hr i32) (local $t i32) (local $pf i32)
    (local $acc v128) (local $x f64) (local $y f64) (local $s f64) (local $pw i32) (local $ph i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $mask (call $indexMask (local.get $isz)))
    (local.set $rb (i32.shl (local.get $k2) (i32.const 3)))
    (local.set $i (local.get $r0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $r1)))
        (local.set $wr (i32.add (local.get $w) (i32.mul (local.get $i) (local.get $rb))))
        (local.set $pf (i32.add (local.get $indptr) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $pi (i32.add (local.get $indices) (i32.mul (i32.load offset=0 (local.get $pf)) (local.get $isz))))
        (local.set $pv (i32.add (local.get $values) (i32.shl (i32.load offset=0 (local.get $pf)) (i32.const 2))))
        (local.set $end (i32.add (local.get $values) (i32.shl (i32.load offset=4 (local.get $pf)) (i32.const 2))))
        (block $nnzDone
          (loop $nnz
            (br_if $nnzDone (i32.ge_u (local.get $pv) (local.get $end)))
            (local.set $hr (i32.add (local.get $h)
              (i32.mul (i32.and (i32.load (local.get $pi)) (local.get $mask)) (local.get $rb))))
            (local.set $a0 (v128.const f64x2 0 0))
            (local.set $a1 (v128.const f64x2 0 0))
            (local.set $a2 (v128.const f64x2 0 0))
            (local.set $a3 (v128.const f64x2 0 0))
            (local.set $t (i32.const 0))
            (block $quadsDone
              (loop $quads
                (br_if $quadsDone (i32.gt_u (i32.add (local.get $t) (i32.const 64)) (local.get $rb)))
                (local.set $pw (i32.add (local.get $wr) (local.get $t)))
                (local.set $ph (i32.add (local.get $hr) (local.get $t)))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load offset=0 (local.get $pw)) (v128.load offset=0 (local.get $ph)))))
                (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load offset=16 (local.get $pw)) (v128.load offset=16 (local.get $ph)))))
                (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (v128.load offset=32 (local.get $pw)) (v128.load offset=32 (local.get $ph)))))
                (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (v128.load offset=48 (local.get $pw)) (v128.load offset=48 (local.get $ph)))))
                (local.set $t (i32.add (local.get $t) (i32.const 64)))
                (br $quads)))
            (block $termsDone
              (loop $terms
                (br_if $termsDone (i32.ge_u (local.get $t) (local.get $rb)))
                (local.set $a0 (f64x2.add (local.get $a0)
                  (f64x2.mul (v128.load (i32.add (local.get $wr) (local.get $t)))
                    (v128.load (i32.add (local.get $hr) (local.get $t))))))
                (local.set $t (i32.add (local.get $t) (i32.const 16)))
                (br $terms)))
            (local.set $acc (f64x2.add (f64x2.add (local.get $a0) (local.get $a1)) (f64x2.add (local.get $a2) (local.get $a3))))
            (local.set $y (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
            (local.set $x (f64.promote_f32 (f32.load (local.get $pv))))
            (local.set $s (f64.add (local.get $s)
              (f64.mul (local.get $x) (f64.sub (local.get $x) (f64.mul (f64.const 2) (local.get $y))))))
            (local.set $pv (i32.add (local.get $pv) (i32.const 4)))
            (local.set $pi (i32.add (local.get $pi) (local.get $isz)))
            (br $nnz)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (f64.store (local.get $out) (local.get $s)))
;;
  ;; counts[j + 1] += 1 for each stored entry p0 ≤ p < p1 of a CSR matrix (j its column index,
  ;; isz = 2 or 4 bytes; counts int32): the first pass of its transpose's counting sort.
  (func (export "csrCountColumns")
    (param $indices i32) (param $isz i32) (param $p0 i32) (param $p1 i32) (param $counts i32)
    (local $mask i32) (local $pi i32) (local $end i32) (local $at i32)
    (local.set $mask (call $indexMask (local.get $isz)))
    (local.set $pi (i32.add (local.get $indices) (i32.mul (local.get $p0) (local.get $isz))))
    (local.set $end (i32.add (local.get $indices) (i32.mul (local.get $p1) (local.get $isz))))
    (block $done
      (loop $entries
        (br_if $done (i32.ge_u (local.get $pi) (local.get $end)))
        (local.set $at (i32.add (local.get $counts)
          (i32.shl (i32.and (i32.load (local.get $pi)) (local.get $mask)) (i32.const 2))))
        (i32.store offset=4 (local.get $at) (i32.add (i32.load offset=4 (local.get $at)) (i32.const 1)))
        (local.set $pi (i32.add (local.get $pi) (local.get $isz)))
        (br $entries))))

  ;; The stored entries of rows r0 ≤ i < r1 of a CSR matrix (indices isz bytes) appended to its
  ;; transpose's rows, in order: entry (i, j) goes to place next[j] of the transpose (row index i
  ;; in tIsz = 2 or 4 bytes, its value), and next[j] (int32) moves on. The second pass of the
  ;; counting sort (next: the transpose's row starts, from the counts).
  (func (export "csrScatterTranspose")
    (param $indptr i32) (param $indices i32) (param $values i32) (param $isz i32)
    (param $r0 i32) (param $r1 i32) (param $next i32) (param $tIndices i32) (param $tValues i32)
    (param $tIsz i32)
    (local $mask i32) (local $i i32) (local $pi i32) (local $pv i32) (local $end i32)
    (local $at i32) (local $q i32)
    (local.set $mask (call $indexMask (local.get $isz)))
    (local.set $i (local.get $r0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $r1)))
        (local.set $at (i32.add (local.get $indptr) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $pi (i32.add (local.get $indices) (i32.mul (i32.load offset=0 (local.get $at)) (local.get $isz))))
        (local.set $pv (i32.add (local.get $values) (i32.shl (i32.load offset=0 (local.get $at)) (i32.const 2))))
        (local.set $end (i32.add (local.get $values) (i32.shl (i32.load offset=4 (local.get $at)) (i32.const 2))))
        (block $entriesDone
          (loop $entries
            (br_if $entriesDone (i32.ge_u (local.get $pv) (local.get $end)))
            (local.set $at (i32.add (local.get $next)
              (i32.shl (i32.and (i32.load (local.get $pi)) (local.get $mask)) (i32.const 2))))
            (local.set $q (i32.load (local.get $at)))
            (i32.store (local.get $at) (i32.add (local.get $q) (i32.const 1)))
            (if (i32.eq (local.get $tIsz) (i32.const 2))
              (then (i32.store16 (i32.add (local.get $tIndices) (i32.shl (local.get $q) (i32.const 1))) (local.get $i)))
              (else (i32.store (i32.add (local.get $tIndices) (i32.shl (local.get $q) (i32.const 2))) (local.get $i))))
            (f32.store (i32.add (local.get $tValues) (i32.shl (local.get $q) (i32.const 2))) (f32.load (local.get $pv)))
            (local.set $pi (i32.add (local.get $pi) (local.get $isz)))
            (local.set $pv (i32.add (local.get $pv) (i32.const 4)))
            (br $entries)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

;;
  ;; dot64: Σ a_i·b_i over i < n in order, float64 (gram-fit.ts's ⟨WᵀW, HHᵀ⟩: its bits).
  (func (export "dot64") (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $i i32) (local $s f64)
    (block $done
      (loop $terms
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (f64.add (local.get $s)
          (f64.mul (f64.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3))))
            (f64.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $terms)))
    (local.get $s))

;;
  ;; spanCosinesSq64: nmf/components.ts's spanCosinesSqLoop, operation for operation (its bits):
  ;; for the p rows S (int32 indices at $S) of GH (`k × k` float64 at $GH), G = GH on S = L·Lᵀ
  ;; (L `p × p` at $L, lower triangular), then per c the column c of L⁻¹ into x (p float64 at $x)
  ;; and out[S[c]] = 1 − 1/(G_cc·Σ x²) (out: k float64 at $out, zero on entry). 0 (out unfinished)
  ;; where a pivot² falls to minPivotSq·G_jj or below.
  (func (export "spanCosinesSq64") (param $GH i32) (param $k i32) (param $S i32) (param $p i32)
    (param $L i32) (param $x i32) (param $out i32) (param $minPivotSq f64) (result i32)
    (local $j i32) (local $i i32) (local $t i32) (local $c i32) (local $d f64) (local $v f64)
    (local $inverse f64) (local $xi f64)
    (block $factored
      (loop $columns
        (br_if $factored (i32.ge_u (local.get $j) (local.get $p)))
        (local.set $d (call $subsetEntry (local.get $GH) (local.get $k) (local.get $S) (local.get $j) (local.get $j)))
        (local.set $t (i32.const 0))
        (block $dDone
          (loop $dTerms
            (br_if $dDone (i32.ge_u (local.get $t) (local.get $j)))
            (local.set $d (f64.sub (local.get $d)
              (f64.mul (f64.load (call $entry64 (local.get $L) (local.get $p) (local.get $j) (local.get $t)))
                (f64.load (call $entry64 (local.get $L) (local.get $p) (local.get $j) (local.get $t))))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $dTerms)))
        (if (i32.eqz (f64.gt (local.get $d) (f64.mul (local.get $minPivotSq)
            (call $subsetEntry (local.get $GH) (local.get $k) (local.get $S) (local.get $j) (local.get $j)))))
          (then (return (i32.const 0))))
        (f64.store (call $entry64 (local.get $L) (local.get $p) (local.get $j) (local.get $j))
          (f64.sqrt (local.get $d)))
        (local.set $i (i32.add (local.get $j) (i32.const 1)))
        (block $belowDone
          (loop $below
            (br_if $belowDone (i32.ge_u (local.get $i) (local.get $p)))
            (local.set $v (call $subsetEntry (local.get $GH) (local.get $k) (local.get $S) (local.get $i) (local.get $j)))
            (local.set $t (i32.const 0))
            (block $vDone
              (loop $vTerms
                (br_if $vDone (i32.ge_u (local.get $t) (local.get $j)))
                (local.set $v (f64.sub (local.get $v)
                  (f64.mul (f64.load (call $entry64 (local.get $L) (local.get $p) (local.get $i) (local.get $t)))
                    (f64.load (call $entry64 (local.get $L) (local.get $p) (local.get $j) (local.get $t))))))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $vTerms)))
            (f64.store (call $entry64 (local.get $L) (local.get $p) (local.get $i) (local.get $j))
              (f64.div (local.get $v)
                (f64.load (call $entry64 (local.get $L) (local.get $p) (local.get $j) (local.get $j)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $below)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $columns)))
    (block $cDone
      (loop $cs
        (br_if $cDone (i32.ge_u (local.get $c) (local.get $p)))
        (local.set $inverse (f64.const 0))
        (local.set $i (local.get $c))
        (block $iDone
          (loop $is
            (br_if $iDone (i32.ge_u (local.get $i) (local.get $p)))
            (local.set $v (select (f64.const 1) (f64.const 0) (i32.eq (local.get $i) (local.get $c))))
            (local.set $t (local.get $c))
            (block $tDone
              (loop $ts
                (br_if $tDone (i32.ge_u (local.get $t) (local.get $i)))
                (local.set $v (f64.sub (local.get $v)
                  (f64.mul (f64.load (call $entry64 (local.get $L) (local.get $p) (local.get $i) (local.get $t)))
                    (f64.load (i32.add (local.get $x) (i32.shl (local.get $t) (i32.const 3)))))))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $ts)))
            (local.set $xi (f64.div (local.get $v)
              (f64.load (call $entry64 (local.get $L) (local.get $p) (local.get $i) (local.get $i)))))
            (f64.store (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3))) (local.get $xi))
            (local.set $inverse (f64.add (local.get $inverse) (f64.mul (local.get $xi) (local.get $xi))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $is)))
        (f64.store (i32.add (local.get $out)
            (i32.shl (i32.load (i32.add (local.get $S) (i32.shl (local.get $c) (i32.const 2)))) (i32.const 3)))
          (f64.sub (f64.const 1) (f64.div (f64.const 1)
            (f64.mul (call $subsetEntry (local.get $GH) (local.get $k) (local.get $S) (local.get $c) (local.get $c))
              (local.get $inverse)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cs)))
    (i32.const 1))

  ;; GH[S[i], S[j]] of the `k × k` float64 GH, S int32 indices.
  (func $subsetEntry (param $GH i32) (param $k i32) (param $S i32) (param $i i32) (param $j i32)
    (result f64)
    (f64.load (call $entry64 (local.get $GH) (local.get $k)
      (i32.load (i32.add (local.get $S) (i32.shl (local.get $i) (i32.const 2))))
      (i32.load (i32.add (local.get $S) (i32.shl (local.get $j) (i32.const 2)))))))

;;
  ;; inverseCholesky64: R⁻¹ at $inv (`l × l` float64, zero on entry, as R at $R) for the Cholesky
  ;; factor R of G = RᵀR at $G (linalg/thin.ts's inverseCholeskyLoop, operation for operation:
  ;; its bits); 0 (R⁻¹ unfinished) when a pivot's square falls to minPivotSq·G_jj or below.
  (func (export "inverseCholesky64") (param $G i32) (param $R i32) (param $inv i32) (param $l i32)
    (param $minPivotSq f64) (result i32)
    (local $j i32) (local $c i32) (local $i i32) (local $t i32) (local $d f64) (local $r f64)
    (local $v f64)
    (block $factored
      (loop $columns
        (br_if $factored (i32.ge_u (local.get $j) (local.get $l)))
        ;; d = G_jj − Σ_{t<j} R_tj²
        (local.set $d (f64.load (call $entry64 (local.get $G) (local.get $l) (local.get $j) (local.get $j))))
        (local.set $t (i32.const 0))
        (block $dDone
          (loop $dTerms
            (br_if $dDone (i32.ge_u (local.get $t) (local.get $j)))
            (local.set $d (f64.sub (local.get $d)
              (f64.mul (f64.load (call $entry64 (local.get $R) (local.get $l) (local.get $t) (local.get $j)))
                (f64.load (call $entry64 (local.get $R) (local.get $l) (local.get $t) (local.get $j))))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $dTerms)))
        (if (i32.eqz (f64.gt (local.get $d) (f64.mul (local.get $minPivotSq)
            (f64.load (call $entry64 (local.get $G) (local.get $l) (local.get $j) (local.get $j))))))
          (then (return (i32.const 0))))
        (local.set $r (f64.sqrt (local.get $d)))
        (f64.store (call $entry64 (local.get $R) (local.get $l) (local.get $j) (local.get $j)) (local.get $r))
        ;; R_jc = (G_jc − Σ_{t<j} R_tj·R_tc)/r
        (local.set $c (i32.add (local.get $j) (i32.const 1)))
        (block $rowDone
          (loop $row
            (br_if $rowDone (i32.ge_u (local.get $c) (local.get $l)))
            (local.set $v (f64.load (call $entry64 (local.get $G) (local.get $l) (local.get $j) (local.get $c))))
            (local.set $t (i32.const 0))
            (block $vDone
              (loop $vTerms
                (br_if $vDone (i32.ge_u (local.get $t) (local.get $j)))
                (local.set $v (f64.sub (local.get $v)
                  (f64.mul (f64.load (call $entry64 (local.get $R) (local.get $l) (local.get $t) (local.get $j)))
                    (f64.load (call $entry64 (local.get $R) (local.get $l) (local.get $t) (local.get $c))))))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $vTerms)))
            (f64.store (call $entry64 (local.get $R) (local.get $l) (local.get $j) (local.get $c))
              (f64.div (local.get $v) (local.get $r)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $row)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $columns)))
    ;; R⁻¹ column by column: x_i = (e_c,i − Σ_{t=i+1}^{c} R_it·x_t)/R_ii for i = c down to 0.
    (local.set $c (i32.const 0))
    (block $inverted
      (loop $inverseColumns
        (br_if $inverted (i32.ge_u (local.get $c) (local.get $l)))
        (local.set $i (local.get $c))
        (loop $back
          (local.set $v (select (f64.const 1) (f64.const 0) (i32.eq (local.get $i) (local.get $c))))
          (local.set $t (i32.add (local.get $i) (i32.const 1)))
          (block $termsDone
            (loop $terms
              (br_if $termsDone (i32.gt_u (local.get $t) (local.get $c)))
              (local.set $v (f64.sub (local.get $v)
                (f64.mul (f64.load (call $entry64 (local.get $R) (local.get $l) (local.get $i) (local.get $t)))
                  (f64.load (call $entry64 (local.get $inv) (local.get $l) (local.get $t) (local.get $c))))))
              (local.set $t (i32.add (local.get $t) (i32.const 1)))
              (br $terms)))
          (f64.store (call $entry64 (local.get $inv) (local.get $l) (local.get $i) (local.get $c))
            (f64.div (local.get $v)
              (f64.load (call $entry64 (local.get $R) (local.get $l) (local.get $i) (local.get $i)))))
          (local.set $i (i32.sub (local.get $i) (i32.const 1)))
          (br_if $back (i32.ge_s (local.get $i) (i32.const 0))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $inverseColumns)))
    (i32.const 1))

  ;; The address of entry (a, b) of the `l × l` float64 matrix at $M.
  (func $entry64 (param $M i32) (param $l i32) (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $M) (i32.shl (i32.add (i32.mul (local.get $a) (local.get $l)) (local.get $b)) (i32.const 3))))

;;
  ;; G[a, b] = G[b, a] for b < a: the lower triangle of G (`n × n` float64 at $G) from its upper
  ;; one (linalg/sparse.ts's mirrorUpper; csrPairs64's X·Xᵀ made whole).
  (func (export "mirrorUpper64") (param $G i32) (param $n i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.const 1))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $a) (local.get $n)))
        (local.set $b (i32.const 0))
        (loop $entries
          (f64.store (i32.add (local.get $G)
              (i32.shl (i32.add (i32.mul (local.get $a) (local.get $n)) (local.get $b)) (i32.const 3)))
            (f64.load (i32.add (local.get $G)
              (i32.shl (i32.add (i32.mul (local.get $b) (local.get $n)) (local.get $a)) (i32.const 3)))))
          (local.set $b (i32.add (local.get $b) (i32.const 1)))
          (br_if $entries (i32.lt_u (local.get $b) (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $rows))))

;;
  ;; G[a, b] += x_a·x_b in float64 for every pair p ≤ q of the stored entries (a at p, b at q) of
  ;; each row r0 ≤ j < r1 of a CSR matrix, rows in order, p then q ascending: on the CSR form of
  ;; Xᵀ (X's columns, row indices ascending) the upper triangle of X·Xᵀ, G `n × n` at $G. The
  ;; loop form, linalg/sparse.ts's csrRowGram, sums in the same order: the same bits.
  (func (export "csrPairs64")
    (param $indptr i32) (param $indices i32) (param $values i32) (param $isz i32)
    (param $r0 i32) (param $r1 i32) (param $G i32) (param $n i32)
    (local $j i32) (local $pi i32) (local $pv i32) (local $qi i32) (local $qv i32) (local $end i32)
    (local $mask i32) (local $row i32) (local $at i32) (local $v f64)
    (local.set $mask (call $indexMask (local.get $isz)))
    (local.set $j (local.get $r0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $j) (local.get $r1)))
        (local.set $at (i32.add (local.get $indptr) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $pi (i32.add (local.get $indices) (i32.mul (i32.load offset=0 (local.get $at)) (local.get $isz))))
        (local.set $pv (i32.add (local.get $values) (i32.shl (i32.load offset=0 (local.get $at)) (i32.const 2))))
        (local.set $end (i32.add (local.get $values) (i32.shl (i32.load offset=4 (local.get $at)) (i32.const 2))))
        (block $firstDone
          (loop $first
            (br_if $firstDone (i32.ge_u (local.get $pv) (local.get $end)))
            (local.set $row (i32.add (local.get $G)
              (i32.shl (i32.mul (i32.and (i32.load (local.get $pi)) (local.get $mask)) (local.get $n)) (i32.const 3))))
            (local.set $v (f64.promote_f32 (f32.load (local.get $pv))))
            (local.set $qi (local.get $pi))
            (local.set $qv (local.get $pv))
            (block $secondDone
              (loop $second
                (br_if $secondDone (i32.ge_u (local.get $qv) (local.get $end)))
                (local.set $at (i32.add (local.get $row)
                  (i32.shl (i32.and (i32.load (local.get $qi)) (local.get $mask)) (i32.const 3))))
                (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
                  (f64.mul (local.get $v) (f64.promote_f32 (f32.load (local.get $qv))))))
                (local.set $qi (i32.add (local.get $qi) (local.get $isz)))
                (local.set $qv (i32.add (local.get $qv) (i32.const 4)))
                (br $second)))
            (local.set $pi (i32.add (local.get $pi) (local.get $isz)))
            (local.set $pv (i32.add (local.get $pv) (i32.const 4)))
            (br $first)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows))))
;;
  ;; ---- The overparametrized bb iteration of src/kernels/js/bb-columns.ts (depth 2) ----
  ;; Two columns at a time, one per float64 lane: every n-vector of a pair of columns is stored
  ;; as n v128 (entry i of both columns at 16·i). The arithmetic of each lane is the loop form's
  ;; (loopBbColumns), operation for operation and in the same order, so the results are the same
  ;; bit for bit; the lanes' decisions (step, acceptance) are masks.

;; out[i] = Σ_t G[i, t] · v[t] (t in order, from +0) for the n v128 at v; G `n × n` float64,
  ;; followed by its packed copy (PairState's load): rows in blocks of eight, then one of four
  ;; where four or more remain, then one of two where two remain, each block's G[i + r, t] of
  ;; each t side by side (64, 32 or 16 bytes per t; the block of row i at G + 8n² + 8n·i). A
  ;; block's rows at a time from the packed copy (independent chains of additions, one pointer),
  ;; the last row (n odd) from G.
  (func $pairMatvec (param $G i32) (param $n i32) (param $v i32) (param $out i32)
    (local $i i32) (local $t i32) (local $pv i32) (local $row i32) (local $xv v128)
    (local $g0 i32) (local $end i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local.set $row (i32.shl (local.get $n) (i32.const 3)))
    (local.set $end (i32.add (local.get $v) (i32.shl (local.get $n) (i32.const 4))))
    (block $octsDone
      (loop $octs
        (br_if $octsDone (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $n)))
        (local.set $g0 (i32.add (i32.add (local.get $G) (i32.mul (local.get $row) (local.get $n)))
          (i32.mul (local.get $i) (local.get $row))))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $a1 (v128.const f64x2 0 0))
        (local.set $a2 (v128.const f64x2 0 0))
        (local.set $a3 (v128.const f64x2 0 0))
        (local.set $a4 (v128.const f64x2 0 0))
        (local.set $a5 (v128.const f64x2 0 0))
        (local.set $a6 (v128.const f64x2 0 0))
        (local.set $a7 (v128.const f64x2 0 0))
        (local.set $pv (local.get $v))
        (loop $octTerms
          (local.set $xv (v128.load (local.get $pv)))
          (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load64_splat offset=0 (local.get $g0)) (local.get $xv))))
          (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load64_splat offset=8 (local.get $g0)) (local.get $xv))))
          (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (v128.load64_splat offset=16 (local.get $g0)) (local.get $xv))))
          (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (v128.load64_splat offset=24 (local.get $g0)) (local.get $xv))))
          (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (v128.load64_splat offset=32 (local.get $g0)) (local.get $xv))))
          (local.set $a5 (f64x2.add (local.get $a5) (f64x2.mul (v128.load64_splat offset=40 (local.get $g0)) (local.get $xv))))
          (local.set $a6 (f64x2.add (local.get $a6) (f64x2.mul (v128.load64_splat offset=48 (local.get $g0)) (local.get $xv))))
          (local.set $a7 (f64x2.add (local.get $a7) (f64x2.mul (v128.load64_splat offset=56 (local.get $g0)) (local.get $xv))))
          (local.set $g0 (i32.add (local.get $g0) (i32.const 64)))
          (local.set $pv (i32.add (local.get $pv) (i32.const 16)))
          (br_if $octTerms (i32.lt_u (local.get $pv) (local.get $end))))
        (local.set $pv (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 4))))
        (v128.store offset=0 (local.get $pv) (local.get $a0))
        (v128.store offset=16 (local.get $pv) (local.get $a1))
        (v128.store offset=32 (local.get $pv) (local.get $a2))
        (v128.store offset=48 (local.get $pv) (local.get $a3))
        (v128.store offset=64 (local.get $pv) (local.get $a4))
        (v128.store offset=80 (local.get $pv) (local.get $a5))
        (v128.store offset=96 (local.get $pv) (local.get $a6))
        (v128.store offset=112 (local.get $pv) (local.get $a7))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $octs)))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $g0 (i32.add (i32.add (local.get $G) (i32.mul (local.get $row) (local.get $n)))
          (i32.mul (local.get $i) (local.get $row))))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $a1 (v128.const f64x2 0 0))
        (local.set $a2 (v128.const f64x2 0 0))
        (local.set $a3 (v128.const f64x2 0 0))
        (local.set $pv (local.get $v))
        (loop $quadTerms
          (local.set $xv (v128.load (local.get $pv)))
          (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load64_splat offset=0 (local.get $g0)) (local.get $xv))))
          (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load64_splat offset=8 (local.get $g0)) (local.get $xv))))
          (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (v128.load64_splat offset=16 (local.get $g0)) (local.get $xv))))
          (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (v128.load64_splat offset=24 (local.get $g0)) (local.get $xv))))
          (local.set $g0 (i32.add (local.get $g0) (i32.const 32)))
          (local.set $pv (i32.add (local.get $pv) (i32.const 16)))
          (br_if $quadTerms (i32.lt_u (local.get $pv) (local.get $end))))
        (local.set $pv (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 4))))
        (v128.store offset=0 (local.get $pv) (local.get $a0))
        (v128.store offset=16 (local.get $pv) (local.get $a1))
        (v128.store offset=32 (local.get $pv) (local.get $a2))
        (v128.store offset=48 (local.get $pv) (local.get $a3))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quads)))
    (if (i32.le_u (i32.add (local.get $i) (i32.const 2)) (local.get $n))
      (then
        (local.set $g0 (i32.add (i32.add (local.get $G) (i32.mul (local.get $row) (local.get $n)))
          (i32.mul (local.get $i) (local.get $row))))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $a1 (v128.const f64x2 0 0))
        (local.set $pv (local.get $v))
        (loop $pairTerms
          (local.set $xv (v128.load (local.get $pv)))
          (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load64_splat offset=0 (local.get $g0)) (local.get $xv))))
          (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load64_splat offset=8 (local.get $g0)) (local.get $xv))))
          (local.set $g0 (i32.add (local.get $g0) (i32.const 16)))
          (local.set $pv (i32.add (local.get $pv) (i32.const 16)))
          (br_if $pairTerms (i32.lt_u (local.get $pv) (local.get $end))))
        (local.set $pv (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 4))))
        (v128.store offset=0 (local.get $pv) (local.get $a0))
        (v128.store offset=16 (local.get $pv) (local.get $a1))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))))
    (local.set $g0 (i32.add (local.get $G) (i32.mul (local.get $i) (local.get $row))))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $pv (local.get $v))
        (local.set $t (i32.const 0))
        (loop $terms
          (local.set $a0 (f64x2.add (local.get $a0)
            (f64x2.mul (v128.load64_splat (local.get $g0)) (v128.load (local.get $pv)))))
          (local.set $g0 (i32.add (local.get $g0) (i32.const 8)))
          (local.set $pv (i32.add (local.get $pv) (i32.const 16)))
          (local.set $t (i32.add (local.get $t) (i32.const 1)))
          (br_if $terms (i32.lt_u (local.get $t) (local.get $n))))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 4))) (local.get $a0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; Σ_i min(λ·x_i, gx_i − c_i)² per lane (i in order, from +0).
  (func $pairResidualSq (param $x i32) (param $gx i32) (param $c i32) (param $vb i32) (param $lip f64)
    (result v128)
    (local $o i32) (local $s v128) (local $m v128) (local $l v128)
    (local.set $l (f64x2.splat (local.get $lip)))
    (local.set $o (i32.const 0))
        (block $entriesDone
          (loop $entries
            (br_if $entriesDone (i32.ge_u (local.get $o) (local.get $vb)))
            (local.set $m (f64x2.pmin (f64x2.mul (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $l))
              (f64x2.sub (v128.load (i32.add (local.get $gx) (local.get $o))) (v128.load (i32.add (local.get $c) (local.get $o))))))
            (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $m) (local.get $m))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $entries)))
    (local.get $s))

  ;; One projected BB iteration of js/bb-columns.ts (projectedIteration) on a pair of columns:
  ;; x, gx and c at $x, $gx, $c (vb bytes each), the step and the level at $etaAt and $levelAt,
  ;; the ring of levels at $rb; with $first the step starts at eta0. $xn and $gxn: scratch of vb
  ;; bytes. The loop form's operations in its order, so the same bits.
  (func $projectedPair (param $G i32) (param $n i32) (param $c i32) (param $x i32) (param $gx i32)
    (param $etaAt i32) (param $levelAt i32) (param $rb i32) (param $k i32) (param $first i32)
    (param $eta0 f64) (param $xn i32) (param $gxn i32) (param $vb i32)
    (local $o i32) (local $s i32) (local $trial v128) (local $g v128) (local $v v128) (local $vx v128)
    (local $dx v128) (local $dg v128) (local $dec v128) (local $change v128) (local $next v128) (local $high v128)
    (local $ok v128) (local $ss v128) (local $sy v128) (local $lev v128)
    (if (local.get $first)
      (then (v128.store (local.get $etaAt) (f64x2.splat (local.get $eta0)))))
    (local.set $trial (f64x2.pmin
      (f64x2.pmax (v128.load (local.get $etaAt)) (f64x2.splat (f64.mul (local.get $eta0) (f64.const 1e-10))))
      (f64x2.splat (f64.mul (local.get $eta0) (f64.const 1e10)))))
    (block $stepsDone
      (loop $steps
        (br_if $stepsDone (i32.ge_u (local.get $o) (local.get $vb)))
        (local.set $vx (v128.load (i32.add (local.get $x) (local.get $o))))
        (local.set $g (f64x2.sub (v128.load (i32.add (local.get $gx) (local.get $o))) (v128.load (i32.add (local.get $c) (local.get $o)))))
        (local.set $v (f64x2.pmax (v128.const f64x2 0 0) (f64x2.sub (local.get $vx) (f64x2.mul (local.get $trial) (local.get $g)))))
        (v128.store (i32.add (local.get $xn) (local.get $o)) (local.get $v))
        (local.set $dec (f64x2.add (local.get $dec) (f64x2.mul (local.get $g) (f64x2.sub (local.get $v) (local.get $vx)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $steps)))
    (call $pairMatvec (local.get $G) (local.get $n) (local.get $xn) (local.get $gxn))
    (local.set $o (i32.const 0))
    (block $changesDone
      (loop $changes
        (br_if $changesDone (i32.ge_u (local.get $o) (local.get $vb)))
        (local.set $g (v128.load (i32.add (local.get $gx) (local.get $o))))
        (local.set $dx (f64x2.sub (v128.load (i32.add (local.get $xn) (local.get $o))) (v128.load (i32.add (local.get $x) (local.get $o)))))
        (local.set $dg (f64x2.sub (v128.load (i32.add (local.get $gxn) (local.get $o))) (local.get $g)))
        (local.set $change (f64x2.add (local.get $change)
          (f64x2.mul (local.get $dx)
            (f64x2.add (f64x2.sub (local.get $g) (v128.load (i32.add (local.get $c) (local.get $o))))
              (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $dg))))))
        ;; the BB step's sums, in the same order as the loop form's (acceptance does not change them)
        (local.set $ss (f64x2.add (local.get $ss) (f64x2.mul (local.get $dx) (local.get $dx))))
        (local.set $sy (f64x2.add (local.get $sy) (f64x2.mul (local.get $dx) (local.get $dg))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $changes)))
    (local.set $lev (v128.load (local.get $levelAt)))
    (local.set $next (f64x2.add (local.get $lev) (local.get $change)))
    (local.set $high (v128.const f64x2 -inf -inf))
    (loop $levels
      (local.set $high (f64x2.pmax (local.get $high)
        (v128.load (i32.add (local.get $rb) (i32.shl (local.get $s) (i32.const 4))))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br_if $levels (i32.lt_u (local.get $s) (i32.const 10))))
    (local.set $ok (v128.and
      (f64x2.le (local.get $next) (f64x2.add (local.get $high) (f64x2.mul (v128.const f64x2 1e-4 1e-4) (local.get $dec))))
      (f64x2.lt (f64x2.abs (local.get $next)) (v128.const f64x2 inf inf))))
    (local.set $o (i32.const 0))
    (block $acceptDone
      (loop $accept
        (br_if $acceptDone (i32.ge_u (local.get $o) (local.get $vb)))
        (v128.store (i32.add (local.get $x) (local.get $o))
          (v128.bitselect (v128.load (i32.add (local.get $xn) (local.get $o))) (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $ok)))
        (v128.store (i32.add (local.get $gx) (local.get $o))
          (v128.bitselect (v128.load (i32.add (local.get $gxn) (local.get $o))) (v128.load (i32.add (local.get $gx) (local.get $o))) (local.get $ok)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $accept)))
    (local.set $lev (v128.bitselect (local.get $next) (local.get $lev) (local.get $ok)))
    (v128.store (local.get $levelAt) (local.get $lev))
    (v128.store (local.get $etaAt) (v128.bitselect
      (v128.bitselect (f64x2.div (local.get $ss) (local.get $sy))
        (f64x2.splat (f64.mul (local.get $eta0) (f64.const 1e10)))
        (f64x2.gt (local.get $sy) (v128.const f64x2 0 0)))
      (f64x2.div (local.get $trial) (v128.const f64x2 4 4))
      (local.get $ok)))
    (v128.store (i32.add (local.get $rb) (i32.shl (i32.rem_u (local.get $k) (i32.const 10)) (i32.const 4)))
      (local.get $lev)))

  ;; Advances the pairs q0 ≤ q < q1 through iterations k0 ≤ k < k1 (with init: first the warm
  ;; start's residual, the floor, u = √x and Gx). eta and level hold one v128 per pair, recent
  ;; ten. Writes Σ min(λx, Gx − c)² over the columns after the call to out[0] and the warm
  ;; start's to out[1] (init), in column order; lane 1 of pair `padded` is not a column.
  ;; scratch: room for 4·n v128. The call's numbers are read from memory at `call` (so that the
  ;; JavaScript calling this, often not yet compiled, passes only small integers): k0, k1, init
  ;; and switchAt (int32 at +0, +4, +8, +12: from iteration switchAt on, $projectedPair), eta0, the Lipschitz estimate and the floor (float64 at +16,
  ;; +24, +32). Max and min are pmax and pmin, as in bbQuads (below).
  (func (export "bbPairs")
    (param $G i32) (param $n i32) (param $c i32) (param $u i32) (param $x i32) (param $gx i32)
    (param $pu i32) (param $pd i32) (param $eta i32) (param $level i32) (param $recent i32)
    (param $q0 i32) (param $q1 i32) (param $padded i32) (param $call i32)
    (param $scratch i32) (param $out i32)
    (local $k0 i32) (local $k1 i32) (local $init i32) (local $eta0 f64) (local $lip f64) (local $floor f64)
    (local $q i32) (local $k i32) (local $o i32) (local $vb i32) (local $base i32)
    (local $cb i32) (local $ub i32) (local $xb i32) (local $gb i32) (local $pub i32) (local $pdb i32)
    (local $d i32) (local $un i32) (local $xn i32) (local $gxn i32) (local $rb i32)
    (local $kkt f64) (local $start f64) (local $r v128) (local $lo v128) (local $hi v128)
    (local $et v128) (local $lev v128) (local $dirSq v128) (local $sy v128) (local $duSq v128)
    (local $vu v128) (local $vd v128) (local $du v128) (local $trial v128) (local $nn v128)
    (local $vun v128) (local $change v128) (local $next v128) (local $high v128) (local $ok v128)
    (local $s i32) (local $switchAt i32)
    (local.set $k0 (i32.load offset=0 (local.get $call)))
    (local.set $switchAt (i32.load offset=12 (local.get $call)))
    (local.set $k1 (i32.load offset=4 (local.get $call)))
    (local.set $init (i32.load offset=8 (local.get $call)))
    (local.set $eta0 (f64.load offset=16 (local.get $call)))
    (local.set $lip (f64.load offset=24 (local.get $call)))
    (local.set $floor (f64.load offset=32 (local.get $call)))
    (local.set $vb (i32.shl (local.get $n) (i32.const 4)))
    (local.set $d (local.get $scratch))
    (local.set $un (i32.add (local.get $d) (local.get $vb)))
    (local.set $xn (i32.add (local.get $un) (local.get $vb)))
    (local.set $gxn (i32.add (local.get $xn) (local.get $vb)))
    (local.set $lo (f64x2.splat (f64.mul (local.get $eta0) (f64.const 1e-10))))
    (local.set $hi (f64x2.splat (f64.mul (local.get $eta0) (f64.const 1e10))))
    (local.set $q (local.get $q0))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.ge_u (local.get $q) (local.get $q1)))
        (local.set $base (i32.mul (local.get $q) (local.get $vb)))
        (local.set $cb (i32.add (local.get $c) (local.get $base)))
        (local.set $ub (i32.add (local.get $u) (local.get $base)))
        (local.set $xb (i32.add (local.get $x) (local.get $base)))
        (local.set $gb (i32.add (local.get $gx) (local.get $base)))
        (local.set $pub (i32.add (local.get $pu) (local.get $base)))
        (local.set $pdb (i32.add (local.get $pd) (local.get $base)))
        (if (local.get $init)
          (then
            (call $pairMatvec (local.get $G) (local.get $n) (local.get $xb) (local.get $gb))
            (local.set $r (call $pairResidualSq (local.get $xb) (local.get $gb) (local.get $cb) (local.get $vb) (local.get $lip)))
            (local.set $start (f64.add (local.get $start) (f64x2.extract_lane 0 (local.get $r))))
            (if (i32.ne (local.get $q) (local.get $padded))
              (then (local.set $start (f64.add (local.get $start) (f64x2.extract_lane 1 (local.get $r))))))
            (local.set $o (i32.const 0))
        (block $rootsDone
          (loop $roots
            (br_if $rootsDone (i32.ge_u (local.get $o) (local.get $vb)))
            (local.set $vu (f64x2.pmax (v128.load (i32.add (local.get $xb) (local.get $o))) (f64x2.splat (local.get $floor))))
            (v128.store (i32.add (local.get $xb) (local.get $o)) (local.get $vu))
            (v128.store (i32.add (local.get $ub) (local.get $o)) (f64x2.sqrt (local.get $vu)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $roots)))
            (call $pairMatvec (local.get $G) (local.get $n) (local.get $xb) (local.get $gb))))
        (local.set $et (v128.load (i32.add (local.get $eta) (i32.shl (local.get $q) (i32.const 4)))))
        (local.set $lev (v128.load (i32.add (local.get $level) (i32.shl (local.get $q) (i32.const 4)))))
        (local.set $rb (i32.add (local.get $recent) (i32.mul (local.get $q) (i32.const 160))))
        (local.set $k (local.get $k0))
        (block $itersDone
          (loop $iters
            (br_if $itersDone (i32.ge_u (local.get $k) (local.get $k1)))
            (if (i32.ge_u (local.get $k) (local.get $switchAt))
              (then
                (v128.store (i32.add (local.get $eta) (i32.shl (local.get $q) (i32.const 4))) (local.get $et))
                (v128.store (i32.add (local.get $level) (i32.shl (local.get $q) (i32.const 4))) (local.get $lev))
                (call $projectedPair (local.get $G) (local.get $n) (local.get $cb) (local.get $xb) (local.get $gb)
                  (i32.add (local.get $eta) (i32.shl (local.get $q) (i32.const 4)))
                  (i32.add (local.get $level) (i32.shl (local.get $q) (i32.const 4)))
                  (local.get $rb) (local.get $k) (i32.eq (local.get $k) (local.get $switchAt))
                  (local.get $eta0) (local.get $xn) (local.get $gxn) (local.get $vb))
                (local.set $et (v128.load (i32.add (local.get $eta) (i32.shl (local.get $q) (i32.const 4)))))
                (local.set $lev (v128.load (i32.add (local.get $level) (i32.shl (local.get $q) (i32.const 4)))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $iters)))
            (local.set $dirSq (v128.const f64x2 0 0))
            (local.set $sy (v128.const f64x2 0 0))
            (local.set $duSq (v128.const f64x2 0 0))
            (local.set $o (i32.const 0))
        (block $dirsDone
          (loop $dirs
            (br_if $dirsDone (i32.ge_u (local.get $o) (local.get $vb)))
            (local.set $vu (v128.load (i32.add (local.get $ub) (local.get $o))))
            (local.set $vd (f64x2.mul (f64x2.mul (v128.const f64x2 2 2) (local.get $vu))
              (f64x2.sub (v128.load (i32.add (local.get $gb) (local.get $o))) (v128.load (i32.add (local.get $cb) (local.get $o))))))
            (v128.store (i32.add (local.get $d) (local.get $o)) (local.get $vd))
            (local.set $dirSq (f64x2.add (local.get $dirSq) (f64x2.mul (local.get $vd) (local.get $vd))))
            (local.set $du (f64x2.sub (local.get $vu) (v128.load (i32.add (local.get $pub) (local.get $o)))))
            (local.set $sy (f64x2.add (local.get $sy)
              (f64x2.mul (local.get $du) (f64x2.sub (local.get $vd) (v128.load (i32.add (local.get $pdb) (local.get $o)))))))
            (local.set $duSq (f64x2.add (local.get $duSq) (f64x2.mul (local.get $du) (local.get $du))))
            (v128.store (i32.add (local.get $pub) (local.get $o)) (local.get $vu))
            (v128.store (i32.add (local.get $pdb) (local.get $o)) (local.get $vd))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $dirs)))
            ;; the Barzilai–Borwein step where there is a previous iterate and ⟨Δu, Δd⟩ > 0
            (local.set $trial (v128.bitselect
              (f64x2.div (local.get $duSq) (local.get $sy))
              (local.get $et)
              (v128.and (f64x2.gt (local.get $sy) (v128.const f64x2 0 0))
                (i64x2.splat (i64.extend_i32_s (select (i32.const -1) (i32.const 0) (i32.gt_u (local.get $k) (i32.const 0))))))))
            (local.set $trial (f64x2.pmin (f64x2.pmax (local.get $trial) (local.get $lo)) (local.get $hi)))
            (local.set $nn (v128.const i64x2 -1 -1))
            (local.set $o (i32.const 0))
        (block $trialsDone
          (loop $trials
            (br_if $trialsDone (i32.ge_u (local.get $o) (local.get $vb)))
            (local.set $vun (f64x2.sub (v128.load (i32.add (local.get $ub) (local.get $o))) (f64x2.mul (local.get $trial) (v128.load (i32.add (local.get $d) (local.get $o))))))
            (v128.store (i32.add (local.get $un) (local.get $o)) (local.get $vun))
            (local.set $nn (v128.and (local.get $nn) (f64x2.ge (local.get $vun) (v128.const f64x2 0 0))))
            (v128.store (i32.add (local.get $xn) (local.get $o)) (f64x2.mul (local.get $vun) (local.get $vun)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $trials)))
            (call $pairMatvec (local.get $G) (local.get $n) (local.get $xn) (local.get $gxn))
            (local.set $change (v128.const f64x2 0 0))
            (local.set $o (i32.const 0))
        (block $changesDone
          (loop $changes
            (br_if $changesDone (i32.ge_u (local.get $o) (local.get $vb)))
            (local.set $change (f64x2.add (local.get $change)
              (f64x2.mul (f64x2.sub (v128.load (i32.add (local.get $xn) (local.get $o))) (v128.load (i32.add (local.get $xb) (local.get $o))))
                (f64x2.add (f64x2.sub (v128.load (i32.add (local.get $gb) (local.get $o))) (v128.load (i32.add (local.get $cb) (local.get $o))))
                  (f64x2.mul (v128.const f64x2 0.5 0.5) (f64x2.sub (v128.load (i32.add (local.get $gxn) (local.get $o))) (v128.load (i32.add (local.get $gb) (local.get $o)))))))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $changes)))
            (local.set $next (f64x2.add (local.get $lev) (local.get $change)))
            (local.set $high (v128.const f64x2 -inf -inf))
            (local.set $s (i32.const 0))
            (loop $levels
              (local.set $high (f64x2.pmax (local.get $high)
                (v128.load (i32.add (local.get $rb) (i32.shl (local.get $s) (i32.const 4))))))
              (local.set $s (i32.add (local.get $s) (i32.const 1)))
              (br_if $levels (i32.lt_u (local.get $s) (i32.const 10))))
            (local.set $ok (v128.and (v128.and
              (f64x2.le (local.get $next) (f64x2.sub (local.get $high)
                (f64x2.mul (f64x2.mul (v128.const f64x2 1e-4 1e-4) (local.get $trial)) (local.get $dirSq))))
              (f64x2.lt (f64x2.abs (local.get $next)) (v128.const f64x2 inf inf)))
              (local.get $nn)))
            (local.set $o (i32.const 0))
        (block $acceptDone
          (loop $accept
            (br_if $acceptDone (i32.ge_u (local.get $o) (local.get $vb)))
            (v128.store (i32.add (local.get $ub) (local.get $o)) (v128.bitselect (v128.load (i32.add (local.get $un) (local.get $o))) (v128.load (i32.add (local.get $ub) (local.get $o))) (local.get $ok)))
            (v128.store (i32.add (local.get $xb) (local.get $o)) (v128.bitselect (v128.load (i32.add (local.get $xn) (local.get $o))) (v128.load (i32.add (local.get $xb) (local.get $o))) (local.get $ok)))
            (v128.store (i32.add (local.get $gb) (local.get $o)) (v128.bitselect (v128.load (i32.add (local.get $gxn) (local.get $o))) (v128.load (i32.add (local.get $gb) (local.get $o))) (local.get $ok)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $accept)))
            (local.set $lev (v128.bitselect (local.get $next) (local.get $lev) (local.get $ok)))
            (local.set $et (v128.bitselect
              (f64x2.mul (v128.const f64x2 2 2) (local.get $trial))
              (f64x2.div (local.get $trial) (v128.const f64x2 4 4))
              (local.get $ok)))
            (v128.store (i32.add (local.get $rb) (i32.shl (i32.rem_u (local.get $k) (i32.const 10)) (i32.const 4)))
              (local.get $lev))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $iters)))
        (v128.store (i32.add (local.get $eta) (i32.shl (local.get $q) (i32.const 4))) (local.get $et))
        (v128.store (i32.add (local.get $level) (i32.shl (local.get $q) (i32.const 4))) (local.get $lev))
        (local.set $r (call $pairResidualSq (local.get $xb) (local.get $gb) (local.get $cb) (local.get $vb) (local.get $lip)))
        (local.set $kkt (f64.add (local.get $kkt) (f64x2.extract_lane 0 (local.get $r))))
        (if (i32.ne (local.get $q) (local.get $padded))
          (then (local.set $kkt (f64.add (local.get $kkt) (f64x2.extract_lane 1 (local.get $r))))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $pairs)))
    (f64.store offset=0 (local.get $out) (local.get $kkt))
    (f64.store offset=8 (local.get $out) (local.get $start)))

  ;; ---- bbPairs in float32: four columns per quad (js/bb-columns32.ts) ----
  ;; out[i] = Σ_t G[i, t] · v[t] (t in order, from +0) for the n v128 (four float32 lanes) at v:
  ;; pairMatvec in float32, G `n × n` float32 followed by its packed copy in the same blocks
  ;; (QuadChunks's load; the block of row i at G + 4n² + 4n·i).
  (func $quadMatvec (param $G i32) (param $n i32) (param $v i32) (param $out i32)
    (local $i i32) (local $t i32) (local $pv i32) (local $row i32) (local $xv v128)
    (local $g0 i32) (local $end i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local.set $row (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end (i32.add (local.get $v) (i32.shl (local.get $n) (i32.const 4))))
    (block $octsDone
      (loop $octs
        (br_if $octsDone (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $n)))
        (local.set $g0 (i32.add (i32.add (local.get $G) (i32.mul (local.get $row) (local.get $n)))
          (i32.mul (local.get $i) (local.get $row))))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $a1 (v128.const f32x4 0 0 0 0))
        (local.set $a2 (v128.const f32x4 0 0 0 0))
        (local.set $a3 (v128.const f32x4 0 0 0 0))
        (local.set $a4 (v128.const f32x4 0 0 0 0))
        (local.set $a5 (v128.const f32x4 0 0 0 0))
        (local.set $a6 (v128.const f32x4 0 0 0 0))
        (local.set $a7 (v128.const f32x4 0 0 0 0))
        (local.set $pv (local.get $v))
        (loop $octTerms
          (local.set $xv (v128.load (local.get $pv)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat offset=0 (local.get $g0)) (local.get $xv))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load32_splat offset=4 (local.get $g0)) (local.get $xv))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load32_splat offset=8 (local.get $g0)) (local.get $xv))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load32_splat offset=12 (local.get $g0)) (local.get $xv))))
          (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (v128.load32_splat offset=16 (local.get $g0)) (local.get $xv))))
          (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (v128.load32_splat offset=20 (local.get $g0)) (local.get $xv))))
          (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (v128.load32_splat offset=24 (local.get $g0)) (local.get $xv))))
          (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (v128.load32_splat offset=28 (local.get $g0)) (local.get $xv))))
          (local.set $g0 (i32.add (local.get $g0) (i32.const 32)))
          (local.set $pv (i32.add (local.get $pv) (i32.const 16)))
          (br_if $octTerms (i32.lt_u (local.get $pv) (local.get $end))))
        (local.set $pv (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 4))))
        (v128.store offset=0 (local.get $pv) (local.get $a0))
        (v128.store offset=16 (local.get $pv) (local.get $a1))
        (v128.store offset=32 (local.get $pv) (local.get $a2))
        (v128.store offset=48 (local.get $pv) (local.get $a3))
        (v128.store offset=64 (local.get $pv) (local.get $a4))
        (v128.store offset=80 (local.get $pv) (local.get $a5))
        (v128.store offset=96 (local.get $pv) (local.get $a6))
        (v128.store offset=112 (local.get $pv) (local.get $a7))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $octs)))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $g0 (i32.add (i32.add (local.get $G) (i32.mul (local.get $row) (local.get $n)))
          (i32.mul (local.get $i) (local.get $row))))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $a1 (v128.const f32x4 0 0 0 0))
        (local.set $a2 (v128.const f32x4 0 0 0 0))
        (local.set $a3 (v128.const f32x4 0 0 0 0))
        (local.set $pv (local.get $v))
        (loop $quadTerms
          (local.set $xv (v128.load (local.get $pv)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat offset=0 (local.get $g0)) (local.get $xv))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load32_splat offset=4 (local.get $g0)) (local.get $xv))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load32_splat offset=8 (local.get $g0)) (local.get $xv))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load32_splat offset=12 (local.get $g0)) (local.get $xv))))
          (local.set $g0 (i32.add (local.get $g0) (i32.const 16)))
          (local.set $pv (i32.add (local.get $pv) (i32.const 16)))
          (br_if $quadTerms (i32.lt_u (local.get $pv) (local.get $end))))
        (local.set $pv (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 4))))
        (v128.store offset=0 (local.get $pv) (local.get $a0))
        (v128.store offset=16 (local.get $pv) (local.get $a1))
        (v128.store offset=32 (local.get $pv) (local.get $a2))
        (v128.store offset=48 (local.get $pv) (local.get $a3))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quads)))
    (if (i32.le_u (i32.add (local.get $i) (i32.const 2)) (local.get $n))
      (then
        (local.set $g0 (i32.add (i32.add (local.get $G) (i32.mul (local.get $row) (local.get $n)))
          (i32.mul (local.get $i) (local.get $row))))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $a1 (v128.const f32x4 0 0 0 0))
        (local.set $pv (local.get $v))
        (loop $pairTerms
          (local.set $xv (v128.load (local.get $pv)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat offset=0 (local.get $g0)) (local.get $xv))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load32_splat offset=4 (local.get $g0)) (local.get $xv))))
          (local.set $g0 (i32.add (local.get $g0) (i32.const 8)))
          (local.set $pv (i32.add (local.get $pv) (i32.const 16)))
          (br_if $pairTerms (i32.lt_u (local.get $pv) (local.get $end))))
        (local.set $pv (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 4))))
        (v128.store offset=0 (local.get $pv) (local.get $a0))
        (v128.store offset=16 (local.get $pv) (local.get $a1))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))))
    (local.set $g0 (i32.add (local.get $G) (i32.mul (local.get $i) (local.get $row))))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $pv (local.get $v))
        (local.set $t (i32.const 0))
        (loop $terms
          (local.set $a0 (f32x4.add (local.get $a0)
            (f32x4.mul (v128.load32_splat (local.get $g0)) (v128.load (local.get $pv)))))
          (local.set $g0 (i32.add (local.get $g0) (i32.const 4)))
          (local.set $pv (i32.add (local.get $pv) (i32.const 16)))
          (local.set $t (i32.add (local.get $t) (i32.const 1)))
          (br_if $terms (i32.lt_u (local.get $t) (local.get $n))))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 4))) (local.get $a0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; Σ_i min(λ·x_i, gx_i − c_i)² per lane of a quad (the min in float32, the squares and sums in
  ;; float64, i in order, from +0), lanes 0 … 3 to the four float64 at $to.
  (func $quadResidualSq (param $x i32) (param $gx i32) (param $c i32) (param $vb i32) (param $lip f32)
    (param $to i32)
    (local $o i32) (local $lo v128) (local $hi v128) (local $m v128) (local $h v128) (local $l v128)
    (local.set $l (f32x4.splat (local.get $lip)))
    (block $entriesDone
      (loop $entries
        (br_if $entriesDone (i32.ge_u (local.get $o) (local.get $vb)))
        (local.set $m (f32x4.pmin (f32x4.mul (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $l))
          (f32x4.sub (v128.load (i32.add (local.get $gx) (local.get $o))) (v128.load (i32.add (local.get $c) (local.get $o))))))
        (local.set $h (f64x2.promote_low_f32x4 (local.get $m)))
        (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (local.get $h) (local.get $h))))
        (local.set $h (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $m) (local.get $m))))
        (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $h) (local.get $h))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $entries)))
    (v128.store offset=0 (local.get $to) (local.get $lo))
    (v128.store offset=16 (local.get $to) (local.get $hi)))

  ;; $s plus the float64 lanes at $at whose columns first + l are below $valid, lanes in order.
  (func $validLanes (param $at i32) (param $first i32) (param $valid i32) (param $s f64) (result f64)
    (local $l i32)
    (block $done
      (loop $lanes
        (br_if $done (i32.ge_u (local.get $l) (i32.const 4)))
        (br_if $done (i32.ge_s (i32.add (local.get $first) (local.get $l)) (local.get $valid)))
        (local.set $s (f64.add (local.get $s) (f64.load (i32.add (local.get $at) (i32.shl (local.get $l) (i32.const 3))))))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br $lanes)))
    (local.get $s))

  ;; projectedPair on a quad of float32 columns (js/bb-columns32.ts's projectedIteration32):
  ;; the step's bounds $lo and $hi, the first step $e0 (float32, splat).
  (func $projectedQuad (param $G i32) (param $n i32) (param $c i32) (param $x i32) (param $gx i32)
    (param $etaAt i32) (param $levelAt i32) (param $rb i32) (param $k i32) (param $first i32)
    (param $e0 v128) (param $lo v128) (param $hi v128) (param $xn i32) (param $gxn i32) (param $vb i32)
    (local $o i32) (local $s i32) (local $trial v128) (local $g v128) (local $v v128) (local $vx v128)
    (local $dx v128) (local $dg v128) (local $dec v128) (local $change v128) (local $next v128) (local $high v128)
    (local $ok v128) (local $ss v128) (local $sy v128) (local $lev v128)
    (if (local.get $first)
      (then (v128.store (local.get $etaAt) (local.get $e0))))
    (local.set $trial (f32x4.pmin (f32x4.pmax (v128.load (local.get $etaAt)) (local.get $lo)) (local.get $hi)))
    (block $stepsDone
      (loop $steps
        (br_if $stepsDone (i32.ge_u (local.get $o) (local.get $vb)))
        (local.set $vx (v128.load (i32.add (local.get $x) (local.get $o))))
        (local.set $g (f32x4.sub (v128.load (i32.add (local.get $gx) (local.get $o))) (v128.load (i32.add (local.get $c) (local.get $o)))))
        (local.set $v (f32x4.pmax (v128.const f32x4 0 0 0 0) (f32x4.sub (local.get $vx) (f32x4.mul (local.get $trial) (local.get $g)))))
        (v128.store (i32.add (local.get $xn) (local.get $o)) (local.get $v))
        (local.set $dec (f32x4.add (local.get $dec) (f32x4.mul (local.get $g) (f32x4.sub (local.get $v) (local.get $vx)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $steps)))
    (call $quadMatvec (local.get $G) (local.get $n) (local.get $xn) (local.get $gxn))
    (local.set $o (i32.const 0))
    (block $changesDone
      (loop $changes
        (br_if $changesDone (i32.ge_u (local.get $o) (local.get $vb)))
        (local.set $g (v128.load (i32.add (local.get $gx) (local.get $o))))
        (local.set $dx (f32x4.sub (v128.load (i32.add (local.get $xn) (local.get $o))) (v128.load (i32.add (local.get $x) (local.get $o)))))
        (local.set $dg (f32x4.sub (v128.load (i32.add (local.get $gxn) (local.get $o))) (local.get $g)))
        (local.set $change (f32x4.add (local.get $change)
          (f32x4.mul (local.get $dx)
            (f32x4.add (f32x4.sub (local.get $g) (v128.load (i32.add (local.get $c) (local.get $o))))
              (f32x4.mul (v128.const f32x4 0.5 0.5 0.5 0.5) (local.get $dg))))))
        (local.set $ss (f32x4.add (local.get $ss) (f32x4.mul (local.get $dx) (local.get $dx))))
        (local.set $sy (f32x4.add (local.get $sy) (f32x4.mul (local.get $dx) (local.get $dg))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $changes)))
    (local.set $lev (v128.load (local.get $levelAt)))
    (local.set $next (f32x4.add (local.get $lev) (local.get $change)))
    (local.set $high (v128.const f32x4 -inf -inf -inf -inf))
    (loop $levels
      (local.set $high (f32x4.pmax (local.get $high)
        (v128.load (i32.add (local.get $rb) (i32.shl (local.get $s) (i32.const 4))))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br_if $levels (i32.lt_u (local.get $s) (i32.const 10))))
    (local.set $ok (v128.and
      (f32x4.le (local.get $next) (f32x4.add (local.get $high) (f32x4.mul (v128.const f32x4 1e-4 1e-4 1e-4 1e-4) (local.get $dec))))
      (f32x4.lt (f32x4.abs (local.get $next)) (v128.const f32x4 inf inf inf inf))))
    (local.set $o (i32.const 0))
    (block $acceptDone
      (loop $accept
        (br_if $acceptDone (i32.ge_u (local.get $o) (local.get $vb)))
        (v128.store (i32.add (local.get $x) (local.get $o))
          (v128.bitselect (v128.load (i32.add (local.get $xn) (local.get $o))) (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $ok)))
        (v128.store (i32.add (local.get $gx) (local.get $o))
          (v128.bitselect (v128.load (i32.add (local.get $gxn) (local.get $o))) (v128.load (i32.add (local.get $gx) (local.get $o))) (local.get $ok)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $accept)))
    (local.set $lev (v128.bitselect (local.get $next) (local.get $lev) (local.get $ok)))
    (v128.store (local.get $levelAt) (local.get $lev))
    (v128.store (local.get $etaAt) (v128.bitselect
      (v128.bitselect (f32x4.div (local.get $ss) (local.get $sy)) (local.get $hi)
        (f32x4.gt (local.get $sy) (v128.const f32x4 0 0 0 0)))
      (f32x4.div (local.get $trial) (v128.const f32x4 4 4 4 4))
      (local.get $ok)))
    (v128.store (i32.add (local.get $rb) (i32.shl (i32.rem_u (local.get $k) (i32.const 10)) (i32.const 4)))
      (local.get $lev)))

  ;; bbPairs in float32, four columns per quad (one per lane; every n-vector of a quad as n v128,
  ;; entry i of its four columns at 16·i): js/bb-columns32.ts's loopBbColumns32, operation for
  ;; operation and in the same order, so the same bits. Its max and min (here, in $projectedQuad
  ;; and $quadResidualSq, and bbPairs's in float64) are pmax and pmin: one instruction each where V8 gives f32x4.max and
  ;; min about eight for NaNs and signed zeros, and the same values here (no NaN reaches them but
  ;; in the step's clamp, where both forms keep it; a zero's sign is only compared or squared, and
  ;; pmax(0, x) is +0 for x = −0 as max is). G `n × n` float32 and its packed copy
  ;; (quadMatvec). The parameters are bbPairs's, quads for pairs, but `valid`: the columns of
  ;; quads q0 … q1 − 1 that count in the residuals (from column 4·q0; the others are padding).
  ;; scratch: room for 4·n v128 and 32 bytes.
  (func (export "bbQuads")
    (param $G i32) (param $n i32) (param $c i32) (param $u i32) (param $x i32) (param $gx i32)
    (param $pu i32) (param $pd i32) (param $eta i32) (param $level i32) (param $recent i32)
    (param $q0 i32) (param $q1 i32) (param $valid i32) (param $call i32)
    (param $scratch i32) (param $out i32)
    (local $k0 i32) (local $k1 i32) (local $init i32) (local $lip f32)
    (local $q i32) (local $k i32) (local $o i32) (local $vb i32) (local $base i32)
    (local $cb i32) (local $ub i32) (local $xb i32) (local $gb i32) (local $pub i32) (local $pdb i32)
    (local $d i32) (local $un i32) (local $xn i32) (local $gxn i32) (local $rb i32) (local $res i32)
    (local $kkt f64) (local $start f64) (local $lo v128) (local $hi v128) (local $e0 v128) (local $fl v128)
    (local $et v128) (local $lev v128) (local $dirSq v128) (local $sy v128) (local $duSq v128)
    (local $vu v128) (local $vd v128) (local $du v128) (local $trial v128) (local $nn v128)
    (local $vun v128) (local $change v128) (local $next v128) (local $high v128) (local $ok v128)
    (local $s i32) (local $switchAt i32)
    (local.set $k0 (i32.load offset=0 (local.get $call)))
    (local.set $k1 (i32.load offset=4 (local.get $call)))
    (local.set $init (i32.load offset=8 (local.get $call)))
    (local.set $switchAt (i32.load offset=12 (local.get $call)))
    (local.set $e0 (f32x4.splat (f32.demote_f64 (f64.load offset=16 (local.get $call)))))
    (local.set $lo (f32x4.splat (f32.demote_f64 (f64.mul (f64.load offset=16 (local.get $call)) (f64.const 1e-10)))))
    (local.set $hi (f32x4.splat (f32.demote_f64 (f64.mul (f64.load offset=16 (local.get $call)) (f64.const 1e10)))))
    (local.set $lip (f32.demote_f64 (f64.load offset=24 (local.get $call))))
    (local.set $fl (f32x4.splat (f32.demote_f64 (f64.load offset=32 (local.get $call)))))
    (local.set $vb (i32.shl (local.get $n) (i32.const 4)))
    (local.set $d (local.get $scratch))
    (local.set $un (i32.add (local.get $d) (local.get $vb)))
    (local.set $xn (i32.add (local.get $un) (local.get $vb)))
    (local.set $gxn (i32.add (local.get $xn) (local.get $vb)))
    (local.set $res (i32.add (local.get $gxn) (local.get $vb)))
    (local.set $q (local.get $q0))
    (block $quadsDone
      (loop $quadLoop
        (br_if $quadsDone (i32.ge_u (local.get $q) (local.get $q1)))
        (local.set $base (i32.mul (local.get $q) (local.get $vb)))
        (local.set $cb (i32.add (local.get $c) (local.get $base)))
        (local.set $ub (i32.add (local.get $u) (local.get $base)))
        (local.set $xb (i32.add (local.get $x) (local.get $base)))
        (local.set $gb (i32.add (local.get $gx) (local.get $base)))
        (local.set $pub (i32.add (local.get $pu) (local.get $base)))
        (local.set $pdb (i32.add (local.get $pd) (local.get $base)))
        (if (local.get $init)
          (then
            (call $quadMatvec (local.get $G) (local.get $n) (local.get $xb) (local.get $gb))
            (call $quadResidualSq (local.get $xb) (local.get $gb) (local.get $cb) (local.get $vb) (local.get $lip) (local.get $res))
            (local.set $start (call $validLanes (local.get $res)
              (i32.shl (i32.sub (local.get $q) (local.get $q0)) (i32.const 2)) (local.get $valid) (local.get $start)))
            (local.set $o (i32.const 0))
            (block $rootsDone
              (loop $roots
                (br_if $rootsDone (i32.ge_u (local.get $o) (local.get $vb)))
                (local.set $vu (f32x4.pmax (v128.load (i32.add (local.get $xb) (local.get $o))) (local.get $fl)))
                (v128.store (i32.add (local.get $xb) (local.get $o)) (local.get $vu))
                (v128.store (i32.add (local.get $ub) (local.get $o)) (f32x4.sqrt (local.get $vu)))
                (local.set $o (i32.add (local.get $o) (i32.const 16)))
                (br $roots)))
            (call $quadMatvec (local.get $G) (local.get $n) (local.get $xb) (local.get $gb))))
        (local.set $et (v128.load (i32.add (local.get $eta) (i32.shl (local.get $q) (i32.const 4)))))
        (local.set $lev (v128.load (i32.add (local.get $level) (i32.shl (local.get $q) (i32.const 4)))))
        (local.set $rb (i32.add (local.get $recent) (i32.mul (local.get $q) (i32.const 160))))
        (local.set $k (local.get $k0))
        (block $itersDone
          (loop $iters
            (br_if $itersDone (i32.ge_u (local.get $k) (local.get $k1)))
            (if (i32.ge_u (local.get $k) (local.get $switchAt))
              (then
                (v128.store (i32.add (local.get $eta) (i32.shl (local.get $q) (i32.const 4))) (local.get $et))
                (v128.store (i32.add (local.get $level) (i32.shl (local.get $q) (i32.const 4))) (local.get $lev))
                (call $projectedQuad (local.get $G) (local.get $n) (local.get $cb) (local.get $xb) (local.get $gb)
                  (i32.add (local.get $eta) (i32.shl (local.get $q) (i32.const 4)))
                  (i32.add (local.get $level) (i32.shl (local.get $q) (i32.const 4)))
                  (local.get $rb) (local.get $k) (i32.eq (local.get $k) (local.get $switchAt))
                  (local.get $e0) (local.get $lo) (local.get $hi) (local.get $xn) (local.get $gxn) (local.get $vb))
                (local.set $et (v128.load (i32.add (local.get $eta) (i32.shl (local.get $q) (i32.const 4)))))
                (local.set $lev (v128.load (i32.add (local.get $level) (i32.shl (local.get $q) (i32.const 4)))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $iters)))
            (local.set $dirSq (v128.const f32x4 0 0 0 0))
            (local.set $sy (v128.const f32x4 0 0 0 0))
            (local.set $duSq (v128.const f32x4 0 0 0 0))
            (local.set $o (i32.const 0))
            (block $dirsDone
              (loop $dirs
                (br_if $dirsDone (i32.ge_u (local.get $o) (local.get $vb)))
                (local.set $vu (v128.load (i32.add (local.get $ub) (local.get $o))))
                (local.set $vd (f32x4.mul (f32x4.mul (v128.const f32x4 2 2 2 2) (local.get $vu))
                  (f32x4.sub (v128.load (i32.add (local.get $gb) (local.get $o))) (v128.load (i32.add (local.get $cb) (local.get $o))))))
                (v128.store (i32.add (local.get $d) (local.get $o)) (local.get $vd))
                (local.set $dirSq (f32x4.add (local.get $dirSq) (f32x4.mul (local.get $vd) (local.get $vd))))
                (local.set $du (f32x4.sub (local.get $vu) (v128.load (i32.add (local.get $pub) (local.get $o)))))
                (local.set $sy (f32x4.add (local.get $sy)
                  (f32x4.mul (local.get $du) (f32x4.sub (local.get $vd) (v128.load (i32.add (local.get $pdb) (local.get $o)))))))
                (local.set $duSq (f32x4.add (local.get $duSq) (f32x4.mul (local.get $du) (local.get $du))))
                (v128.store (i32.add (local.get $pub) (local.get $o)) (local.get $vu))
                (v128.store (i32.add (local.get $pdb) (local.get $o)) (local.get $vd))
                (local.set $o (i32.add (local.get $o) (i32.const 16)))
                (br $dirs)))
            ;; the Barzilai–Borwein step where there is a previous iterate and ⟨Δu, Δd⟩ > 0
            (local.set $trial (v128.bitselect
              (f32x4.div (local.get $duSq) (local.get $sy))
              (local.get $et)
              (v128.and (f32x4.gt (local.get $sy) (v128.const f32x4 0 0 0 0))
                (i32x4.splat (select (i32.const -1) (i32.const 0) (i32.gt_u (local.get $k) (i32.const 0)))))))
            (local.set $trial (f32x4.pmin (f32x4.pmax (local.get $trial) (local.get $lo)) (local.get $hi)))
            (local.set $nn (v128.const i32x4 -1 -1 -1 -1))
            (local.set $o (i32.const 0))
            (block $trialsDone
              (loop $trials
                (br_if $trialsDone (i32.ge_u (local.get $o) (local.get $vb)))
                (local.set $vun (f32x4.sub (v128.load (i32.add (local.get $ub) (local.get $o))) (f32x4.mul (local.get $trial) (v128.load (i32.add (local.get $d) (local.get $o))))))
                (v128.store (i32.add (local.get $un) (local.get $o)) (local.get $vun))
                (local.set $nn (v128.and (local.get $nn) (f32x4.ge (local.get $vun) (v128.const f32x4 0 0 0 0))))
                (v128.store (i32.add (local.get $xn) (local.get $o)) (f32x4.mul (local.get $vun) (local.get $vun)))
                (local.set $o (i32.add (local.get $o) (i32.const 16)))
                (br $trials)))
            (call $quadMatvec (local.get $G) (local.get $n) (local.get $xn) (local.get $gxn))
            (local.set $change (v128.const f32x4 0 0 0 0))
            (local.set $o (i32.const 0))
            (block $changesDone
              (loop $changes
                (br_if $changesDone (i32.ge_u (local.get $o) (local.get $vb)))
                (local.set $change (f32x4.add (local.get $change)
                  (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $xn) (local.get $o))) (v128.load (i32.add (local.get $xb) (local.get $o))))
                    (f32x4.add (f32x4.sub (v128.load (i32.add (local.get $gb) (local.get $o))) (v128.load (i32.add (local.get $cb) (local.get $o))))
                      (f32x4.mul (v128.const f32x4 0.5 0.5 0.5 0.5) (f32x4.sub (v128.load (i32.add (local.get $gxn) (local.get $o))) (v128.load (i32.add (local.get $gb) (local.get $o)))))))))
                (local.set $o (i32.add (local.get $o) (i32.const 16)))
                (br $changes)))
            (local.set $next (f32x4.add (local.get $lev) (local.get $change)))
            (local.set $high (v128.const f32x4 -inf -inf -inf -inf))
            (local.set $s (i32.const 0))
            (loop $levels
              (local.set $high (f32x4.pmax (local.get $high)
                (v128.load (i32.add (local.get $rb) (i32.shl (local.get $s) (i32.const 4))))))
              (local.set $s (i32.add (local.get $s) (i32.const 1)))
              (br_if $levels (i32.lt_u (local.get $s) (i32.const 10))))
            (local.set $ok (v128.and (v128.and
              (f32x4.le (local.get $next) (f32x4.sub (local.get $high)
                (f32x4.mul (f32x4.mul (v128.const f32x4 1e-4 1e-4 1e-4 1e-4) (local.get $trial)) (local.get $dirSq))))
              (f32x4.lt (f32x4.abs (local.get $next)) (v128.const f32x4 inf inf inf inf)))
              (local.get $nn)))
            (local.set $o (i32.const 0))
            (block $acceptDone
              (loop $accept
                (br_if $acceptDone (i32.ge_u (local.get $o) (local.get $vb)))
                (v128.store (i32.add (local.get $ub) (local.get $o)) (v128.bitselect (v128.load (i32.add (local.get $un) (local.get $o))) (v128.load (i32.add (local.get $ub) (local.get $o))) (local.get $ok)))
                (v128.store (i32.add (local.get $xb) (local.get $o)) (v128.bitselect (v128.load (i32.add (local.get $xn) (local.get $o))) (v128.load (i32.add (local.get $xb) (local.get $o))) (local.get $ok)))
                (v128.store (i32.add (local.get $gb) (local.get $o)) (v128.bitselect (v128.load (i32.add (local.get $gxn) (local.get $o))) (v128.load (i32.add (local.get $gb) (local.get $o))) (local.get $ok)))
                (local.set $o (i32.add (local.get $o) (i32.const 16)))
                (br $accept)))
            (local.set $lev (v128.bitselect (local.get $next) (local.get $lev) (local.get $ok)))
            (local.set $et (v128.bitselect
              (f32x4.mul (v128.const f32x4 2 2 2 2) (local.get $trial))
              (f32x4.div (local.get $trial) (v128.const f32x4 4 4 4 4))
              (local.get $ok)))
            (v128.store (i32.add (local.get $rb) (i32.shl (i32.rem_u (local.get $k) (i32.const 10)) (i32.const 4)))
              (local.get $lev))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $iters)))
        (v128.store (i32.add (local.get $eta) (i32.shl (local.get $q) (i32.const 4))) (local.get $et))
        (v128.store (i32.add (local.get $level) (i32.shl (local.get $q) (i32.const 4))) (local.get $lev))
        (call $quadResidualSq (local.get $xb) (local.get $gb) (local.get $cb) (local.get $vb) (local.get $lip) (local.get $res))
        (local.set $kkt (call $validLanes (local.get $res)
          (i32.shl (i32.sub (local.get $q) (local.get $q0)) (i32.const 2)) (local.get $valid) (local.get $kkt)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $quadLoop)))
    (f64.store offset=0 (local.get $out) (local.get $kkt))
    (f64.store offset=8 (local.get $out) (local.get $start)))

  ;; quadsFromRows32: rows (`r × n` float32 row-major, row j = column j of the problem) into
  ;; quads (column j's entry i at ((j >> 2)·n + i)·4 + (j & 3) floats), the lanes of a last quad
  ;; past r zero. quadsToRows32 the other way (the r rows only).
  (func (export "quadsFromRows32") (param $src i32) (param $dst i32) (param $r i32) (param $n i32)
    (local $j i32) (local $a i32) (local $end i32) (local $o i32) (local $lanes i32)
    (local.set $lanes (i32.and (i32.add (local.get $r) (i32.const 3)) (i32.const -4)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $j) (local.get $lanes)))
        (local.set $a (i32.add (local.get $src) (i32.shl (i32.mul (local.get $j) (local.get $n)) (i32.const 2))))
        (local.set $o (i32.add (local.get $dst)
          (i32.add (i32.shl (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (local.get $n)) (i32.const 4))
            (i32.shl (i32.and (local.get $j) (i32.const 3)) (i32.const 2)))))
        (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 4))))
        (block $rowDone
          (loop $entries
            (br_if $rowDone (i32.ge_u (local.get $o) (local.get $end)))
            (if (i32.lt_u (local.get $j) (local.get $r))
              (then (f32.store (local.get $o) (f32.load (local.get $a))))
              (else (f32.store (local.get $o) (f32.const 0))))
            (local.set $a (i32.add (local.get $a) (i32.const 4)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $entries)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows)))
  )
  (func (export "quadsToRows32") (param $src i32) (param $dst i32) (param $r i32) (param $n i32)
    (local $j i32) (local $a i32) (local $end i32) (local $o i32)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $j) (local.get $r)))
        (local.set $a (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $j) (local.get $n)) (i32.const 2))))
        (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $src)
          (i32.add (i32.shl (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (local.get $n)) (i32.const 4))
            (i32.shl (i32.and (local.get $j) (i32.const 3)) (i32.const 2)))))
        (block $rowDone
          (loop $entries
            (br_if $rowDone (i32.ge_u (local.get $a) (local.get $end)))
            (f32.store (local.get $a) (f32.load (local.get $o)))
            (local.set $a (i32.add (local.get $a) (i32.const 4)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $entries)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows)))
  )
;;
  ;; ---- Loops of the fit's JavaScript over whole factors (kernels/wasm/host-loops.ts) ----
  ;; sumSquares32: s + Σ a_i² over n float32 (squares and sum in float64, i in order; s = +0 for
  ;; the sum alone, a previous call's result to go on with the next entries).
  (func (export "sumSquares32") (param $a i32) (param $n i32) (param $s f64) (result f64)
    (local $end i32) (local $x f64)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $entries
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $x (f64.promote_f32 (f32.load (local.get $a))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $x) (local.get $x))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $entries)))
    (local.get $s))
  ;; crossTerm32: Σ_t Σ_j w[t·m + j]·h[j·k + t] for w `k × m` and h `m × k` float32 (products and
  ;; sum in float64, t then j in order from +0).
  (func (export "crossTerm32") (param $w i32) (param $h i32) (param $m i32) (param $k i32) (result f64)
    (local $t i32) (local $pw i32) (local $ph i32) (local $end i32) (local $kb i32) (local $s f64)
    (local.set $kb (i32.shl (local.get $k) (i32.const 2)))
    (local.set $pw (local.get $w))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $t) (local.get $k)))
        (local.set $ph (i32.add (local.get $h) (i32.shl (local.get $t) (i32.const 2))))
        (local.set $end (i32.add (local.get $pw) (i32.shl (local.get $m) (i32.const 2))))
        (block $done
          (loop $entries
            (br_if $done (i32.ge_u (local.get $pw) (local.get $end)))
            (local.set $s (f64.add (local.get $s)
              (f64.mul (f64.promote_f32 (f32.load (local.get $pw))) (f64.promote_f32 (f32.load (local.get $ph))))))
            (local.set $pw (i32.add (local.get $pw) (i32.const 4)))
            (local.set $ph (i32.add (local.get $ph) (local.get $kb)))
            (br $entries)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rows)))
    (local.get $s))
  ;; crossTerm32x64: crossTerm32 with h float64 (hals's Hᵀ): the same sums in the same order.
  (func (export "crossTerm32x64") (param $w i32) (param $h i32) (param $m i32) (param $k i32) (result f64)
    (local $t i32) (local $pw i32) (local $ph i32) (local $end i32) (local $kb i32) (local $s f64)
    (local.set $kb (i32.shl (local.get $k) (i32.const 3)))
    (local.set $pw (local.get $w))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $t) (local.get $k)))
        (local.set $ph (i32.add (local.get $h) (i32.shl (local.get $t) (i32.const 3))))
        (local.set $end (i32.add (local.get $pw) (i32.shl (local.get $m) (i32.const 2))))
        (block $done
          (loop $entries
            (br_if $done (i32.ge_u (local.get $pw) (local.get $end)))
            (local.set $s (f64.add (local.get $s)
              (f64.mul (f64.promote_f32 (f32.load (local.get $pw))) (f64.load (local.get $ph)))))
            (local.set $pw (i32.add (local.get $pw) (i32.const 4)))
            (local.set $ph (i32.add (local.get $ph) (local.get $kb)))
            (br $entries)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rows)))
    (local.get $s))
  ;; largestEigenvalue64: linalg/small.ts's largestEigenvalueSmall for G (`n × n` float64), with
  ;; scratch for 2n float64 at $v: power iteration from the all-ones vector to relative change
  ;; 1e-10 or 500 steps, λ·1.01 (0 for G = 0); its operations in its order.
  (func (export "largestEigenvalue64") (param $G i32) (param $n i32) (param $v i32) (result f64)
    (local $w i32) (local $it i32) (local $i i32) (local $j i32) (local $s f64) (local $norm f64)
    (local $lambda f64) (local $done i32) (local $x f64)
    (local.set $w (i32.add (local.get $v) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $x (f64.div (f64.const 1) (f64.sqrt (f64.convert_i32_u (local.get $n)))))
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $i) (local.get $n)))
        (f64.store (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3))) (local.get $x))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    (block $stop
      (loop $steps
        (br_if $stop (i32.ge_u (local.get $it) (i32.const 500)))
        (local.set $norm (f64.const 0))
        (local.set $i (i32.const 0))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $s (f64.const 0))
            (local.set $j (i32.const 0))
            (block $termsDone
              (loop $terms
                (br_if $termsDone (i32.ge_u (local.get $j) (local.get $n)))
                (local.set $s (f64.add (local.get $s)
                  (f64.mul (f64.load (i32.add (local.get $G) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3))))
                    (f64.load (i32.add (local.get $v) (i32.shl (local.get $j) (i32.const 3)))))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $terms)))
            (f64.store (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3))) (local.get $s))
            (local.set $norm (f64.add (local.get $norm) (f64.mul (local.get $s) (local.get $s))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        (local.set $norm (f64.sqrt (local.get $norm)))
        (if (f64.eq (local.get $norm) (f64.const 0)) (then (return (f64.const 0))))
        (local.set $done (f64.le (f64.abs (f64.sub (local.get $norm) (local.get $lambda)))
          (f64.mul (f64.const 1e-10) (local.get $norm))))
        (local.set $lambda (local.get $norm))
        (local.set $i (i32.const 0))
        (block $scaled
          (loop $scale
            (br_if $scaled (i32.ge_u (local.get $i) (local.get $n)))
            (f64.store (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3)))
              (f64.div (f64.load (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3)))) (local.get $norm)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $scale)))
        (br_if $stop (local.get $done))
        (local.set $it (i32.add (local.get $it) (i32.const 1)))
        (br $steps)))
    (f64.mul (local.get $lambda) (f64.const 1.01)))
;;
  ;; ---- nndsvd's parts of the singular vectors (kernels/wasm/vector-parts.ts, nmf/init.ts) ----
  ;; F: k vectors of len float64 entries, entry i of vector t at F + 8·(i·rs + t·vs).
  ;; partSums64: Σ x² over the entries x > 0 and over the others (NaN included), i in order, to
  ;; out[t] and out[k + t] (float64).
  (func (export "partSums64") (param $F i32) (param $len i32) (param $k i32) (param $rs i32)
    (param $vs i32) (param $out i32)
    (local $t i32) (local $i i32) (local $at i32) (local $step i32) (local $x f64) (local $p f64) (local $q f64)
    (local.set $step (i32.shl (local.get $rs) (i32.const 3)))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $t) (local.get $k)))
        (local.set $p (f64.const 0))
        (local.set $q (f64.const 0))
        (local.set $at (i32.add (local.get $F) (i32.shl (i32.mul (local.get $t) (local.get $vs)) (i32.const 3))))
        (local.set $i (i32.const 0))
        (block $entriesDone
          (loop $entries
            (br_if $entriesDone (i32.ge_u (local.get $i) (local.get $len)))
            (local.set $x (f64.load (local.get $at)))
            (if (f64.gt (local.get $x) (f64.const 0))
              (then (local.set $p (f64.add (local.get $p) (f64.mul (local.get $x) (local.get $x)))))
              (else (local.set $q (f64.add (local.get $q) (f64.mul (local.get $x) (local.get $x))))))
            (local.set $at (i32.add (local.get $at) (local.get $step)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $entries)))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 3))) (local.get $p))
        (f64.store (i32.add (local.get $out) (i32.shl (i32.add (local.get $k) (local.get $t)) (i32.const 3)))
          (local.get $q))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $vectors))))
  ;; scaledParts64: out (float32; entry i of vector t at index i·ors + t·ovs) = s_t·(max(c_t·x, 0)
  ;; + z_t·max(−x, 0)) where that is ≥ eps, else fill, for each entry x of vector t; c, z and s
  ;; float64 at $czs (k each, in that order).
  (func (export "scaledParts64") (param $F i32) (param $len i32) (param $k i32) (param $rs i32)
    (param $vs i32) (param $czs i32) (param $eps f64) (param $fill f64) (param $out i32)
    (param $ors i32) (param $ovs i32)
    (local $t i32) (local $i i32) (local $e i32) (local $o i32) (local $x f64) (local $v f64)
    (local $c f64) (local $z f64) (local $s f64)
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $t) (local.get $k)))
        (local.set $c (f64.load (i32.add (local.get $czs) (i32.shl (local.get $t) (i32.const 3)))))
        (local.set $z (f64.load (i32.add (local.get $czs) (i32.shl (i32.add (local.get $k) (local.get $t)) (i32.const 3)))))
        (local.set $s (f64.load (i32.add (local.get $czs)
          (i32.shl (i32.add (i32.shl (local.get $k) (i32.const 1)) (local.get $t)) (i32.const 3)))))
        (local.set $e (i32.mul (local.get $t) (local.get $vs)))
        (local.set $o (i32.mul (local.get $t) (local.get $ovs)))
        (local.set $i (i32.const 0))
        (block $entriesDone
          (loop $entries
            (br_if $entriesDone (i32.ge_u (local.get $i) (local.get $len)))
            (local.set $x (f64.load (i32.add (local.get $F) (i32.shl (local.get $e) (i32.const 3)))))
            (local.set $v (f64.mul (local.get $s)
              (f64.add (f64.max (f64.mul (local.get $c) (local.get $x)) (f64.const 0))
                (f64.mul (local.get $z) (f64.max (f64.neg (local.get $x)) (f64.const 0))))))
            (f32.store (i32.add (local.get $out) (i32.shl (local.get $o) (i32.const 2)))
              (f32.demote_f64 (select (local.get $v) (local.get $fill) (f64.ge (local.get $v) (local.get $eps)))))
            (local.set $e (i32.add (local.get $e) (local.get $rs)))
            (local.set $o (i32.add (local.get $o) (local.get $ors)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $entries)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $vectors))))
;;
  ;; ---- The coordinate-descent sweeps of src/nmf/sweep-kernel.ts (hals), float64 ----
  ;; For rows r0 ≤ i < r1 of F (`rows × k` float64, updated in place), with G (`k × k` float64)
  ;; and P (`rows × k` float32): the loop form's arithmetic (loopSweeps) in its order, so the
  ;; result is the same bit for bit: four rows at a time, one per float64 lane of two v128
  ;; ($sweepQuad), the last rows of a count not divisible by four one by one ($sweepRow).
  ;; scratch: room for 11k + 2 float64. Returns Σ|projected gradient| of the rows' first sweeps
  ;; (sklearn's violation), rows and entries in order, to out. The call's numbers are read from memory at `call` (as bbPairs does): F, P,
  ;; maxSweeps and rows (int32 at +0, +4, +8, +12: r1 is cut to rows), ratio (float64 at +16).
  (func (export "sweepRows")
    (param $G i32) (param $r0 i32) (param $r1 i32) (param $k i32) (param $call i32)
    (param $scratch i32) (param $out i32)
    (local $F i32) (local $P i32) (local $maxSweeps i32) (local $ratio f64) (local $i i32)
    (local $violation f64)
    (local.set $F (i32.load offset=0 (local.get $call)))
    (local.set $P (i32.load offset=4 (local.get $call)))
    (local.set $maxSweeps (i32.load offset=8 (local.get $call)))
    (local.set $ratio (f64.load offset=16 (local.get $call)))
    (if (i32.gt_u (local.get $r1) (i32.load offset=12 (local.get $call)))
      (then (local.set $r1 (i32.load offset=12 (local.get $call)))))
    (local.set $i (local.get $r0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $r1)))
        (if (i32.lt_u (i32.add (local.get $i) (i32.const 3)) (local.get $r1))
          (then
            (local.set $violation (call $sweepQuad (local.get $G) (local.get $k)
              (i32.add (local.get $F) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 3)))
              (i32.add (local.get $P) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2)))
              (local.get $maxSweeps) (local.get $ratio) (local.get $scratch) (local.get $violation)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $rows)))
        (local.set $violation (call $sweepRow (local.get $G) (local.get $k)
          (i32.add (local.get $F) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 3)))
          (i32.add (local.get $P) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2)))
          (local.get $maxSweeps) (local.get $ratio) (local.get $scratch) (local.get $violation)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (f64.store (local.get $out) (local.get $violation)))

  ;; One row (frow: its k float64 of F, prow: its k float32 of P): its gradient g = Gf − p (the
  ;; terms of zero f[r] left out: they change at most the sign of a zero g[t], and no update),
  ;; then sweeps of t = 0 … k − 1 while the change of a sweep stays above ratio × the first's, the
  ;; gradient's updates two entries at a time (each entry the same operations as one by one).
  ;; Returns violation plus the row's first-sweep terms, in order.
  (func $sweepRow
    (param $G i32) (param $k i32) (param $frow i32) (param $prow i32) (param $maxSweeps i32)
    (param $ratio f64) (param $scratch i32) (param $violation f64) (result f64)
    (local $t i32) (local $r i32) (local $s i32) (local $pairs i32)
    (local $f i32) (local $g i32) (local $gt i32) (local $pg i32)
    (local $first f64) (local $change f64) (local $fv f64) (local $gv f64)
    (local $hess f64) (local $next f64) (local $delta f64) (local $dv v128)
    (local.set $pairs (i32.shr_u (local.get $k) (i32.const 1)))
    (local.set $f (local.get $scratch))
    (local.set $g (i32.add (local.get $scratch) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 3))))
    (memory.copy (local.get $f) (local.get $frow) (i32.shl (local.get $k) (i32.const 3)))
    ;; g[t] = −P[t] + Σ_r G[r, t]·f[r], r in order, skipping the r with f[r] = 0 (their terms are
    ;; zeros, which change at most the sign of a zero g[t], and no update below): the rows of
    ;; a sparse factor cost their non-zeros, not k. Entries t, t + 1 together.
    (local.set $t (i32.const 0))
    (block $negDone
      (loop $neg
        (br_if $negDone (i32.ge_u (local.get $t) (local.get $k)))
        (f64.store (i32.add (local.get $g) (i32.shl (local.get $t) (i32.const 3)))
          (f64.neg (f64.promote_f32 (f32.load (i32.add (local.get $prow) (i32.shl (local.get $t) (i32.const 2)))))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $neg)))
    (local.set $r (i32.const 0))
    (block $gradDone
      (loop $grad
        (br_if $gradDone (i32.ge_u (local.get $r) (local.get $k)))
        (local.set $fv (f64.load (i32.add (local.get $f) (i32.shl (local.get $r) (i32.const 3)))))
        (if (f64.ne (local.get $fv) (f64.const 0))
          (then
            (local.set $dv (f64x2.splat (local.get $fv)))
            (local.set $pg (i32.add (local.get $G) (i32.shl (i32.mul (local.get $r) (local.get $k)) (i32.const 3))))
            (local.set $gt (local.get $g))
            (local.set $t (i32.const 0))
            (block $termsDone
              (loop $terms
                (br_if $termsDone (i32.ge_u (local.get $t) (local.get $pairs)))
                (v128.store (local.get $gt) (f64x2.add (v128.load (local.get $gt))
                  (f64x2.mul (v128.load (local.get $pg)) (local.get $dv))))
                (local.set $pg (i32.add (local.get $pg) (i32.const 16)))
                (local.set $gt (i32.add (local.get $gt) (i32.const 16)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $terms)))
            (if (i32.and (local.get $k) (i32.const 1))
              (then
                (f64.store (local.get $gt) (f64.add (f64.load (local.get $gt))
                  (f64.mul (f64.load (local.get $pg)) (local.get $fv))))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $grad)))
    (local.set $first (f64.const 0))
    (local.set $s (i32.const 0))
    (block $sweepsDone
      (loop $sweeps
        (br_if $sweepsDone (i32.ge_u (local.get $s) (local.get $maxSweeps)))
        (local.set $change (f64.const 0))
        (local.set $t (i32.const 0))
        (block $coordsDone
          (loop $coords
            (br_if $coordsDone (i32.ge_u (local.get $t) (local.get $k)))
            (local.set $fv (f64.load (i32.add (local.get $f) (i32.shl (local.get $t) (i32.const 3)))))
            (local.set $gv (f64.load (i32.add (local.get $g) (i32.shl (local.get $t) (i32.const 3)))))
            (if (i32.eqz (local.get $s))
              (then
                (local.set $violation (f64.add (local.get $violation)
                  (select (f64.max (f64.neg (local.get $gv)) (f64.const 0)) (f64.abs (local.get $gv))
                    (f64.eq (local.get $fv) (f64.const 0)))))))
            (local.set $hess (f64.load (i32.add (local.get $G)
              (i32.shl (i32.mul (local.get $t) (i32.add (local.get $k) (i32.const 1))) (i32.const 3)))))
            (if (f64.ne (local.get $hess) (f64.const 0))
              (then
                (local.set $next (f64.max (f64.sub (local.get $fv) (f64.div (local.get $gv) (local.get $hess))) (f64.const 0)))
                (local.set $delta (f64.sub (local.get $next) (local.get $fv)))
                (if (f64.ne (local.get $delta) (f64.const 0))
                  (then
                    (f64.store (i32.add (local.get $f) (i32.shl (local.get $t) (i32.const 3))) (local.get $next))
                    (local.set $change (f64.add (local.get $change) (f64.mul (local.get $delta) (local.get $delta))))
                    ;; g[r] += G[t, r]·delta for every r, two at a time
                    (local.set $dv (f64x2.splat (local.get $delta)))
                    (local.set $pg (i32.add (local.get $G) (i32.shl (i32.mul (local.get $t) (local.get $k)) (i32.const 3))))
                    (local.set $gt (local.get $g))
                    (local.set $r (i32.const 0))
                    (block $updDone
                      (loop $upd
                        (br_if $updDone (i32.ge_u (local.get $r) (local.get $pairs)))
                        (v128.store (local.get $gt) (f64x2.add (v128.load (local.get $gt))
                          (f64x2.mul (v128.load (local.get $pg)) (local.get $dv))))
                        (local.set $pg (i32.add (local.get $pg) (i32.const 16)))
                        (local.set $gt (i32.add (local.get $gt) (i32.const 16)))
                        (local.set $r (i32.add (local.get $r) (i32.const 1)))
                        (br $upd)))
                    (if (i32.and (local.get $k) (i32.const 1))
                      (then
                        (f64.store (local.get $gt) (f64.add (f64.load (local.get $gt))
                          (f64.mul (f64.load (local.get $pg)) (local.get $delta))))))))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $coords)))
        (if (i32.eqz (local.get $s))
          (then (local.set $first (local.get $change)))
          (else (br_if $sweepsDone (f64.le (local.get $change) (f64.mul (local.get $ratio) (local.get $first))))))
        (br_if $sweepsDone (f64.eq (local.get $change) (f64.const 0)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $sweeps)))
    (memory.copy (local.get $frow) (local.get $f) (i32.shl (local.get $k) (i32.const 3)))
    (local.get $violation))

  ;; Rows i … i + 3 together (frow, prow: row i's; the others follow), one per float64 lane: rows
  ;; i, i + 1 in the lanes of one v128 (A), rows i + 2, i + 3 in another (B), every lane
  ;; $sweepRow's operations on its row, so that the latency chains of four rows overlap. f, g as
  ;; 2k v128 at scratch and scratch + 32k (entry t's A then B). A term of G·f for a zero f[r] of
  ;; one lane is added to that lane too (±0: as in $sweepRow, at most the sign of a zero g[t]
  ;; changes, and no update or violation); an update is written, and the gradient moved, only
  ;; in the lanes whose row is still sweeping and whose f[t] changes (the other lanes add
  ;; 0·G[t, r], ±0, to their g). Rows i + 1, i + 2, i + 3's first-sweep violation terms wait at
  ;; scratch + 64k (k float64 each) and follow row i's, so the sum keeps the rows' order.
  ;; The gradient's updates go two coordinates to a pass over g ($pairPass): the first one's
  ;; waits (pending), the next coordinate reads its g[t] plus the pending term (the value the
  ;; loop form reads), and a pending one left when the sweeps end is dropped with g. The same
  ;; operations in the same order, with half the loads and stores of g. max(x, 0) is pmax:
  ;; one instruction instead of NaN-and-zero-sign handling, the same value (x = −0 needs
  ;; f[t] = −0, which gives no update either way).
  (func $sweepQuad
    (param $G i32) (param $k i32) (param $frow i32) (param $prow i32) (param $maxSweeps i32)
    (param $ratio f64) (param $scratch i32) (param $violation f64) (result f64)
    (local $t i32) (local $r i32) (local $s i32) (local $f i32) (local $g i32) (local $later i32)
    (local $pt i32) (local $pg i32) (local $kb i32) (local $pf i32) (local $pq i32)
    (local $fa v128) (local $ga v128) (local $nexta v128) (local $deltaa v128) (local $updatea v128)
    (local $fb v128) (local $gb v128) (local $nextb v128) (local $deltab v128) (local $updateb v128)
    (local $term v128) (local $changea v128) (local $changeb v128) (local $firsta v128) (local $firstb v128)
    (local $activea v128) (local $activeb v128) (local $hess v128) (local $gtr v128)
    (local $pend i32) (local $p i32) (local $pda v128) (local $pdb v128)
    (local.set $kb (i32.shl (local.get $k) (i32.const 3)))
    (local.set $f (local.get $scratch))
    (local.set $g (i32.add (local.get $scratch) (i32.shl (local.get $k) (i32.const 5))))
    (local.set $later (i32.add (local.get $scratch) (i32.shl (local.get $k) (i32.const 6))))
    ;; f interleaved; g = −p interleaved
    (local.set $t (i32.const 0))
    (block $loadDone
      (loop $load
        (br_if $loadDone (i32.ge_u (local.get $t) (local.get $k)))
        (local.set $pt (i32.add (local.get $frow) (i32.shl (local.get $t) (i32.const 3))))
        (local.set $pf (i32.add (local.get $f) (i32.shl (local.get $t) (i32.const 5))))
        (v128.store offset=0 (local.get $pf)
          (f64x2.replace_lane 1 (v128.load64_splat (local.get $pt))
            (f64.load (i32.add (local.get $pt) (local.get $kb)))))
        (local.set $pt (i32.add (local.get $pt) (i32.shl (local.get $kb) (i32.const 1))))
        (v128.store offset=16 (local.get $pf)
          (f64x2.replace_lane 1 (v128.load64_splat (local.get $pt))
            (f64.load (i32.add (local.get $pt) (local.get $kb)))))
        (local.set $pt (i32.add (local.get $prow) (i32.shl (local.get $t) (i32.const 2))))
        (local.set $pq (i32.shl (local.get $k) (i32.const 2)))
        (local.set $pf (i32.add (local.get $g) (i32.shl (local.get $t) (i32.const 5))))
        (v128.store offset=0 (local.get $pf)
          (f64x2.neg (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (local.get $pt))))
            (f64.promote_f32 (f32.load (i32.add (local.get $pt) (local.get $pq)))))))
        (local.set $pt (i32.add (local.get $pt) (i32.shl (local.get $pq) (i32.const 1))))
        (v128.store offset=16 (local.get $pf)
          (f64x2.neg (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (local.get $pt))))
            (f64.promote_f32 (f32.load (i32.add (local.get $pt) (local.get $pq)))))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $load)))
    ;; g[t] += G[r, t]·f[r], r in order, where f[r] ≠ 0 in some lane: such r two at a time, one
    ;; pass over g for both ($pairPass: the operations of one pass each, in their order), a last
    ;; one alone
    (local.set $r (i32.const 0))
    (block $gradDone
      (loop $grad
        (br_if $gradDone (i32.ge_u (local.get $r) (local.get $k)))
        (local.set $pf (i32.add (local.get $f) (i32.shl (local.get $r) (i32.const 5))))
        (local.set $fa (v128.load offset=0 (local.get $pf)))
        (local.set $fb (v128.load offset=16 (local.get $pf)))
        (if (v128.any_true (v128.or (f64x2.ne (local.get $fa) (v128.const f64x2 0 0))
              (f64x2.ne (local.get $fb) (v128.const f64x2 0 0))))
          (then
            (if (local.get $pend)
              (then
                (call $pairPass (local.get $g) (local.get $k)
                  (i32.add (local.get $G) (i32.mul (local.get $p) (local.get $kb))) (local.get $pda) (local.get $pdb)
                  (i32.add (local.get $G) (i32.mul (local.get $r) (local.get $kb))) (local.get $fa) (local.get $fb))
                (local.set $pend (i32.const 0)))
              (else
                (local.set $p (local.get $r))
                (local.set $pda (local.get $fa))
                (local.set $pdb (local.get $fb))
                (local.set $pend (i32.const 1))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $grad)))
    (if (local.get $pend)
      (then
        (call $onePass (local.get $g) (local.get $k)
          (i32.add (local.get $G) (i32.mul (local.get $p) (local.get $kb))) (local.get $pda) (local.get $pdb))
        (local.set $pend (i32.const 0))))
    (local.set $activea (v128.const i64x2 -1 -1))
    (local.set $activeb (v128.const i64x2 -1 -1))
    (local.set $s (i32.const 0))
    (block $sweepsDone
      (loop $sweeps
        (br_if $sweepsDone (i32.ge_u (local.get $s) (local.get $maxSweeps)))
        (local.set $changea (v128.const f64x2 0 0))
        (local.set $changeb (v128.const f64x2 0 0))
        (local.set $t (i32.const 0))
        (block $coordsDone
          (loop $coords
            (br_if $coordsDone (i32.ge_u (local.get $t) (local.get $k)))
            (local.set $pf (i32.add (local.get $f) (i32.shl (local.get $t) (i32.const 5))))
            (local.set $pq (i32.add (local.get $g) (i32.shl (local.get $t) (i32.const 5))))
            (local.set $fa (v128.load offset=0 (local.get $pf)))
            (local.set $fb (v128.load offset=16 (local.get $pf)))
            (local.set $ga (v128.load offset=0 (local.get $pq)))
            (local.set $gb (v128.load offset=16 (local.get $pq)))
            ;; plus the pending coordinate's term, not yet in g
            (if (local.get $pend)
              (then
                (local.set $gtr (v128.load64_splat (i32.add (local.get $G)
                  (i32.shl (i32.add (i32.mul (local.get $p) (local.get $k)) (local.get $t)) (i32.const 3)))))
                (local.set $ga (f64x2.add (local.get $ga) (f64x2.mul (local.get $gtr) (local.get $pda))))
                (local.set $gb (f64x2.add (local.get $gb) (f64x2.mul (local.get $gtr) (local.get $pdb))))))
            (if (i32.eqz (local.get $s))
              (then
                (local.set $term (v128.bitselect
                  (f64x2.pmax (f64x2.neg (local.get $ga)) (v128.const f64x2 0 0))
                  (f64x2.abs (local.get $ga))
                  (f64x2.eq (local.get $fa) (v128.const f64x2 0 0))))
                (local.set $violation (f64.add (local.get $violation) (f64x2.extract_lane 0 (local.get $term))))
                (local.set $pt (i32.add (local.get $later) (i32.shl (local.get $t) (i32.const 3))))
                (f64.store (local.get $pt) (f64x2.extract_lane 1 (local.get $term)))
                (local.set $term (v128.bitselect
                  (f64x2.pmax (f64x2.neg (local.get $gb)) (v128.const f64x2 0 0))
                  (f64x2.abs (local.get $gb))
                  (f64x2.eq (local.get $fb) (v128.const f64x2 0 0))))
                (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
                (f64.store (local.get $pt) (f64x2.extract_lane 0 (local.get $term)))
                (f64.store (i32.add (local.get $pt) (local.get $kb)) (f64x2.extract_lane 1 (local.get $term)))))
            (local.set $hess (v128.load64_splat (i32.add (local.get $G)
              (i32.shl (i32.mul (local.get $t) (i32.add (local.get $k) (i32.const 1))) (i32.const 3)))))
            (if (f64.ne (f64x2.extract_lane 0 (local.get $hess)) (f64.const 0))
              (then
                (local.set $nexta (f64x2.pmax
                  (f64x2.sub (local.get $fa) (f64x2.div (local.get $ga) (local.get $hess)))
                  (v128.const f64x2 0 0)))
                (local.set $nextb (f64x2.pmax
                  (f64x2.sub (local.get $fb) (f64x2.div (local.get $gb) (local.get $hess)))
                  (v128.const f64x2 0 0)))
                (local.set $deltaa (f64x2.sub (local.get $nexta) (local.get $fa)))
                (local.set $deltab (f64x2.sub (local.get $nextb) (local.get $fb)))
                (local.set $updatea (v128.and (local.get $activea)
                  (f64x2.ne (local.get $deltaa) (v128.const f64x2 0 0))))
                (local.set $updateb (v128.and (local.get $activeb)
                  (f64x2.ne (local.get $deltab) (v128.const f64x2 0 0))))
                (if (v128.any_true (v128.or (local.get $updatea) (local.get $updateb)))
                  (then
                    (v128.store offset=0 (local.get $pf)
                      (v128.bitselect (local.get $nexta) (local.get $fa) (local.get $updatea)))
                    (v128.store offset=16 (local.get $pf)
                      (v128.bitselect (local.get $nextb) (local.get $fb) (local.get $updateb)))
                    (local.set $deltaa (v128.and (local.get $deltaa) (local.get $updatea)))
                    (local.set $deltab (v128.and (local.get $deltab) (local.get $updateb)))
                    (local.set $changea (f64x2.add (local.get $changea)
                      (f64x2.mul (local.get $deltaa) (local.get $deltaa))))
                    (local.set $changeb (f64x2.add (local.get $changeb)
                      (f64x2.mul (local.get $deltab) (local.get $deltab))))
                    ;; g[r] += G[t, r]·delta for every r, with the pending coordinate's term
                    ;; first, or t pending
                    (if (local.get $pend)
                      (then
                        (call $pairPass (local.get $g) (local.get $k)
                          (i32.add (local.get $G) (i32.mul (local.get $p) (local.get $kb))) (local.get $pda) (local.get $pdb)
                          (i32.add (local.get $G) (i32.mul (local.get $t) (local.get $kb))) (local.get $deltaa) (local.get $deltab))
                        (local.set $pend (i32.const 0)))
                      (else
                        (local.set $p (local.get $t))
                        (local.set $pda (local.get $deltaa))
                        (local.set $pdb (local.get $deltab))
                        (local.set $pend (i32.const 1))))))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $coords)))
        (if (i32.eqz (local.get $s))
          (then
            (local.set $firsta (local.get $changea))
            (local.set $firstb (local.get $changeb))
            (local.set $t (i32.const 0))
            (local.set $pt (local.get $later))
            (block $laterDone
              (loop $laterTerms
                (br_if $laterDone (i32.ge_u (local.get $t) (i32.mul (local.get $k) (i32.const 3))))
                (local.set $violation (f64.add (local.get $violation) (f64.load (local.get $pt))))
                (local.set $pt (i32.add (local.get $pt) (i32.const 8)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $laterTerms))))
          (else
            (local.set $activea (v128.andnot (local.get $activea)
              (f64x2.le (local.get $changea) (f64x2.mul (f64x2.splat (local.get $ratio)) (local.get $firsta)))))
            (local.set $activeb (v128.andnot (local.get $activeb)
              (f64x2.le (local.get $changeb) (f64x2.mul (f64x2.splat (local.get $ratio)) (local.get $firstb)))))))
        (local.set $activea (v128.andnot (local.get $activea)
          (f64x2.eq (local.get $changea) (v128.const f64x2 0 0))))
        (local.set $activeb (v128.andnot (local.get $activeb)
          (f64x2.eq (local.get $changeb) (v128.const f64x2 0 0))))
        (br_if $sweepsDone (i32.eqz (v128.any_true (v128.or (local.get $activea) (local.get $activeb)))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $sweeps)))
    ;; f back into the four rows
    (local.set $t (i32.const 0))
    (block $storeDone
      (loop $store
        (br_if $storeDone (i32.ge_u (local.get $t) (local.get $k)))
        (local.set $pf (i32.add (local.get $f) (i32.shl (local.get $t) (i32.const 5))))
        (local.set $fa (v128.load offset=0 (local.get $pf)))
        (local.set $fb (v128.load offset=16 (local.get $pf)))
        (local.set $pt (i32.add (local.get $frow) (i32.shl (local.get $t) (i32.const 3))))
        (f64.store (local.get $pt) (f64x2.extract_lane 0 (local.get $fa)))
        (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
        (f64.store (local.get $pt) (f64x2.extract_lane 1 (local.get $fa)))
        (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
        (f64.store (local.get $pt) (f64x2.extract_lane 0 (local.get $fb)))
        (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
        (f64.store (local.get $pt) (f64x2.extract_lane 1 (local.get $fb)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $store)))
    (local.get $violation))

  ;; g (2k v128: entry t's lanes A then B) += splat(G[t])·(da, db), G from pg (k float64).
  (func $onePass (param $g i32) (param $k i32) (param $pg i32) (param $da v128) (param $db v128)
    (local $end i32) (local $x v128) (local $u v128)
    ;; two entries at a time, then the last of an odd k
    (local.set $end (i32.add (local.get $g) (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 5))))
    (block $done
      (loop $entries
        (br_if $done (i32.ge_u (local.get $g) (local.get $end)))
        (local.set $x (v128.load64_splat offset=0 (local.get $pg)))
        (local.set $u (v128.load64_splat offset=8 (local.get $pg)))
        (v128.store offset=0 (local.get $g) (f64x2.add (v128.load offset=0 (local.get $g))
          (f64x2.mul (local.get $x) (local.get $da))))
        (v128.store offset=16 (local.get $g) (f64x2.add (v128.load offset=16 (local.get $g))
          (f64x2.mul (local.get $x) (local.get $db))))
        (v128.store offset=32 (local.get $g) (f64x2.add (v128.load offset=32 (local.get $g))
          (f64x2.mul (local.get $u) (local.get $da))))
        (v128.store offset=48 (local.get $g) (f64x2.add (v128.load offset=48 (local.get $g))
          (f64x2.mul (local.get $u) (local.get $db))))
        (local.set $pg (i32.add (local.get $pg) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 64)))
        (br $entries)))
    (if (i32.and (local.get $k) (i32.const 1))
      (then
        (local.set $x (v128.load64_splat (local.get $pg)))
        (v128.store offset=0 (local.get $g) (f64x2.add (v128.load offset=0 (local.get $g))
          (f64x2.mul (local.get $x) (local.get $da))))
        (v128.store offset=16 (local.get $g) (f64x2.add (v128.load offset=16 (local.get $g))
          (f64x2.mul (local.get $x) (local.get $db)))))))

  ;; $onePass with (p1, a1, b1) then with (p2, a2, b2) in one pass over g: each entry
  ;; (g + G1·a1) + G2·a2, the same operations in the same order as two passes. Four entries to
  ;; a loop step (fewer of the loop's own instructions per entry), then two, then the last of
  ;; an odd k.
  (func $pairPass (param $g i32) (param $k i32) (param $p1 i32) (param $a1 v128) (param $b1 v128)
    (param $p2 i32) (param $a2 v128) (param $b2 v128)
    (local $end i32) (local $x v128) (local $y v128) (local $u v128) (local $v v128)
    (local.set $end (i32.add (local.get $g) (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 5))))
    (block $done
      (loop $entries
        (br_if $done (i32.ge_u (local.get $g) (local.get $end)))
        (local.set $x (v128.load64_splat offset=0 (local.get $p1)))
        (local.set $y (v128.load64_splat offset=0 (local.get $p2)))
        (v128.store offset=0 (local.get $g) (f64x2.add (f64x2.add (v128.load offset=0 (local.get $g))
          (f64x2.mul (local.get $x) (local.get $a1))) (f64x2.mul (local.get $y) (local.get $a2))))
        (v128.store offset=16 (local.get $g) (f64x2.add (f64x2.add (v128.load offset=16 (local.get $g))
          (f64x2.mul (local.get $x) (local.get $b1))) (f64x2.mul (local.get $y) (local.get $b2))))
        (local.set $u (v128.load64_splat offset=8 (local.get $p1)))
        (local.set $v (v128.load64_splat offset=8 (local.get $p2)))
        (v128.store offset=32 (local.get $g) (f64x2.add (f64x2.add (v128.load offset=32 (local.get $g))
          (f64x2.mul (local.get $u) (local.get $a1))) (f64x2.mul (local.get $v) (local.get $a2))))
        (v128.store offset=48 (local.get $g) (f64x2.add (f64x2.add (v128.load offset=48 (local.get $g))
          (f64x2.mul (local.get $u) (local.get $b1))) (f64x2.mul (local.get $v) (local.get $b2))))
        (local.set $x (v128.load64_splat offset=16 (local.get $p1)))
        (local.set $y (v128.load64_splat offset=16 (local.get $p2)))
        (v128.store offset=64 (local.get $g) (f64x2.add (f64x2.add (v128.load offset=64 (local.get $g))
          (f64x2.mul (local.get $x) (local.get $a1))) (f64x2.mul (local.get $y) (local.get $a2))))
        (v128.store offset=80 (local.get $g) (f64x2.add (f64x2.add (v128.load offset=80 (local.get $g))
          (f64x2.mul (local.get $x) (local.get $b1))) (f64x2.mul (local.get $y) (local.get $b2))))
        (local.set $u (v128.load64_splat offset=24 (local.get $p1)))
        (local.set $v (v128.load64_splat offset=24 (local.get $p2)))
        (v128.store offset=96 (local.get $g) (f64x2.add (f64x2.add (v128.load offset=96 (local.get $g))
          (f64x2.mul (local.get $u) (local.get $a1))) (f64x2.mul (local.get $v) (local.get $a2))))
        (v128.store offset=112 (local.get $g) (f64x2.add (f64x2.add (v128.load offset=112 (local.get $g))
          (f64x2.mul (local.get $u) (local.get $b1))) (f64x2.mul (local.get $v) (local.get $b2))))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 32)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 32)))
        (local.set $g (i32.add (local.get $g) (i32.const 128)))
        (br $entries)))
    (if (i32.and (local.get $k) (i32.const 2))
      (then
        (local.set $x (v128.load64_splat offset=0 (local.get $p1)))
        (local.set $y (v128.load64_splat offset=0 (local.get $p2)))
        (v128.store offset=0 (local.get $g) (f64x2.add (f64x2.add (v128.load offset=0 (local.get $g))
          (f64x2.mul (local.get $x) (local.get $a1))) (f64x2.mul (local.get $y) (local.get $a2))))
        (v128.store offset=16 (local.get $g) (f64x2.add (f64x2.add (v128.load offset=16 (local.get $g))
          (f64x2.mul (local.get $x) (local.get $b1))) (f64x2.mul (local.get $y) (local.get $b2))))
        (local.set $u (v128.load64_splat offset=8 (local.get $p1)))
        (local.set $v (v128.load64_splat offset=8 (local.get $p2)))
        (v128.store offset=32 (local.get $g) (f64x2.add (f64x2.add (v128.load offset=32 (local.get $g))
          (f64x2.mul (local.get $u) (local.get $a1))) (f64x2.mul (local.get $v) (local.get $a2))))
        (v128.store offset=48 (local.get $g) (f64x2.add (f64x2.add (v128.load offset=48 (local.get $g))
          (f64x2.mul (local.get $u) (local.get $b1))) (f64x2.mul (local.get $v) (local.get $b2))))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 16)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 64)))))
    (if (i32.and (local.get $k) (i32.const 1))
      (then
        (local.set $x (v128.load64_splat (local.get $p1)))
        (local.set $y (v128.load64_splat (local.get $p2)))
        (v128.store (local.get $g) (f64x2.add (f64x2.add (v128.load (local.get $g))
          (f64x2.mul (local.get $x) (local.get $a1))) (f64x2.mul (local.get $y) (local.get $a2))))
        (v128.store offset=16 (local.get $g) (f64x2.add (f64x2.add (v128.load offset=16 (local.get $g))
          (f64x2.mul (local.get $x) (local.get $b1))) (f64x2.mul (local.get $y) (local.get $b2)))))))

  ;;
  ;; ---- hals's coordinate-descent sweeps in float32 (sweep-kernel.ts's loopSweeps32) ----
  ;; sweepRows's problem with float32 arithmetic: G (`k × k` float32), P (`rows × k` float32),
  ;; F (`rows × k` float64, each row rounded to float32 as it is loaded, and its swept values
  ;; stored back). Eight rows at a time in two v128 ($sweepOct32), then four in one ($sweepQuad32),
  ;; one row per float32 lane; the last 1 to 3 rows of the range padded to four with zero rows at
  ;; scratch + 56k (a zero row of F and P: no update, zero violation terms), copied back after.
  ;; The loop form's operations in its order, so the same bits. scratch: room for 15k float64.
  ;; The call's numbers as sweepRows's (ratio rounded to float32).
  (func (export "sweepRows32")
    (param $G i32) (param $r0 i32) (param $r1 i32) (param $k i32) (param $call i32)
    (param $scratch i32) (param $out i32)
    (local $F i32) (local $P i32) (local $maxSweeps i32) (local $ratio f32) (local $i i32)
    (local $violation f64) (local $n i32) (local $padF i32) (local $padP i32)
    (local.set $F (i32.load offset=0 (local.get $call)))
    (local.set $P (i32.load offset=4 (local.get $call)))
    (local.set $maxSweeps (i32.load offset=8 (local.get $call)))
    (local.set $ratio (f32.demote_f64 (f64.load offset=16 (local.get $call))))
    (if (i32.gt_u (local.get $r1) (i32.load offset=12 (local.get $call)))
      (then (local.set $r1 (i32.load offset=12 (local.get $call)))))
    (local.set $i (local.get $r0))
    (block $octsDone
      (loop $octs
        (br_if $octsDone (i32.ge_u (i32.add (local.get $i) (i32.const 7)) (local.get $r1)))
        (local.set $violation (call $sweepOct32 (local.get $G) (local.get $k)
          (i32.add (local.get $F) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 3)))
          (i32.add (local.get $P) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2)))
          (local.get $maxSweeps) (local.get $ratio) (local.get $scratch) (local.get $violation)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $octs)))
    (if (i32.lt_u (i32.add (local.get $i) (i32.const 3)) (local.get $r1))
      (then
        (local.set $violation (call $sweepQuad32 (local.get $G) (local.get $k)
          (i32.add (local.get $F) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 3)))
          (i32.add (local.get $P) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2)))
          (local.get $maxSweeps) (local.get $ratio) (local.get $scratch) (local.get $violation)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))))
    (local.set $n (i32.sub (local.get $r1) (local.get $i)))
    (if (i32.gt_s (local.get $n) (i32.const 0))
      (then
        (local.set $padF (i32.add (local.get $scratch) (i32.mul (local.get $k) (i32.const 56))))
        (local.set $padP (i32.add (local.get $padF) (i32.shl (local.get $k) (i32.const 5))))
        (memory.fill (local.get $padF) (i32.const 0) (i32.mul (local.get $k) (i32.const 48)))
        (memory.copy (local.get $padF)
          (i32.add (local.get $F) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 3)))
          (i32.shl (i32.mul (local.get $n) (local.get $k)) (i32.const 3)))
        (memory.copy (local.get $padP)
          (i32.add (local.get $P) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2)))
          (i32.shl (i32.mul (local.get $n) (local.get $k)) (i32.const 2)))
        (local.set $violation (call $sweepQuad32 (local.get $G) (local.get $k)
          (local.get $padF) (local.get $padP)
          (local.get $maxSweeps) (local.get $ratio) (local.get $scratch) (local.get $violation)))
        (memory.copy
          (i32.add (local.get $F) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 3)))
          (local.get $padF)
          (i32.shl (i32.mul (local.get $n) (local.get $k)) (i32.const 3)))))
    (f64.store (local.get $out) (local.get $violation)))

  ;; Rows i … i + 3 together (frow: row i's k float64 of F, prow: its k float32 of P; the
  ;; others follow), one per float32 lane: f and g as k v128 each at scratch and scratch + 16k
  ;; (entry t's four lanes), the lanes' operations those of loopSweeps32 on their rows. As in
  ;; $sweepQuad: the terms of a lane's zero f[r] are added too (±0: at most the sign of a zero
  ;; g[t] changes, which no update or violation reads); an update is written, and the gradient
  ;; moved, only in the lanes whose row is still sweeping and whose f[t] changes (the others add
  ;; 0·G[t, r]); rows i + 1 … i + 3's first-sweep violation terms wait at scratch + 32k (k
  ;; float64 each) and follow row i's; the gradient's updates go two coordinates to a pass over g
  ;; ($pairPass32), the first one's pending until the next.
  (func $sweepQuad32
    (param $G i32) (param $k i32) (param $frow i32) (param $prow i32) (param $maxSweeps i32)
    (param $ratio f32) (param $scratch i32) (param $violation f64) (result f64)
    (local $t i32) (local $s i32) (local $f i32) (local $g i32) (local $later i32)
    (local $pt i32) (local $pf i32) (local $pq i32) (local $kb i32) (local $k4 i32)
    (local $fv v128) (local $gv v128) (local $next v128) (local $delta v128) (local $update v128)
    (local $term v128) (local $change v128) (local $first v128) (local $active v128)
    (local $hess v128) (local $pend i32) (local $p i32) (local $pd v128)
    (local.set $kb (i32.shl (local.get $k) (i32.const 3)))
    (local.set $k4 (i32.shl (local.get $k) (i32.const 2)))
    (local.set $f (local.get $scratch))
    (local.set $g (i32.add (local.get $scratch) (i32.shl (local.get $k) (i32.const 4))))
    (local.set $later (i32.add (local.get $scratch) (i32.shl (local.get $k) (i32.const 5))))
    ;; f: the rows rounded to float32, interleaved; g = −p interleaved
    (local.set $t (i32.const 0))
    (block $loadDone
      (loop $load
        (br_if $loadDone (i32.ge_u (local.get $t) (local.get $k)))
        (local.set $pt (i32.add (local.get $frow) (i32.shl (local.get $t) (i32.const 3))))
        (local.set $fv (f32x4.splat (f32.demote_f64 (f64.load (local.get $pt)))))
        (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
        (local.set $fv (f32x4.replace_lane 1 (local.get $fv) (f32.demote_f64 (f64.load (local.get $pt)))))
        (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
        (local.set $fv (f32x4.replace_lane 2 (local.get $fv) (f32.demote_f64 (f64.load (local.get $pt)))))
        (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
        (local.set $fv (f32x4.replace_lane 3 (local.get $fv) (f32.demote_f64 (f64.load (local.get $pt)))))
        (v128.store (i32.add (local.get $f) (i32.shl (local.get $t) (i32.const 4))) (local.get $fv))
        (local.set $pt (i32.add (local.get $prow) (i32.shl (local.get $t) (i32.const 2))))
        (local.set $gv (v128.load32_splat (local.get $pt)))
        (local.set $pt (i32.add (local.get $pt) (local.get $k4)))
        (local.set $gv (v128.load32_lane 1 (local.get $pt) (local.get $gv)))
        (local.set $pt (i32.add (local.get $pt) (local.get $k4)))
        (local.set $gv (v128.load32_lane 2 (local.get $pt) (local.get $gv)))
        (local.set $pt (i32.add (local.get $pt) (local.get $k4)))
        (local.set $gv (v128.load32_lane 3 (local.get $pt) (local.get $gv)))
        (v128.store (i32.add (local.get $g) (i32.shl (local.get $t) (i32.const 4))) (f32x4.neg (local.get $gv)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $load)))
    ;; g[t] += G[r, t]·f[r], r in order, where f[r] ≠ 0 in some lane: two such r to a pass
    (local.set $t (i32.const 0))
    (block $gradDone
      (loop $grad
        (br_if $gradDone (i32.ge_u (local.get $t) (local.get $k)))
        (local.set $fv (v128.load (i32.add (local.get $f) (i32.shl (local.get $t) (i32.const 4)))))
        (if (v128.any_true (f32x4.ne (local.get $fv) (v128.const f32x4 0 0 0 0)))
          (then
            (if (local.get $pend)
              (then
                (call $pairPass32 (local.get $g) (local.get $k)
                  (i32.add (local.get $G) (i32.mul (local.get $p) (local.get $k4))) (local.get $pd)
                  (i32.add (local.get $G) (i32.mul (local.get $t) (local.get $k4))) (local.get $fv))
                (local.set $pend (i32.const 0)))
              (else
                (local.set $p (local.get $t))
                (local.set $pd (local.get $fv))
                (local.set $pend (i32.const 1))))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $grad)))
    (if (local.get $pend)
      (then
        (call $onePass32 (local.get $g) (local.get $k)
          (i32.add (local.get $G) (i32.mul (local.get $p) (local.get $k4))) (local.get $pd))
        (local.set $pend (i32.const 0))))
    (local.set $active (v128.const i32x4 -1 -1 -1 -1))
    (local.set $s (i32.const 0))
    (block $sweepsDone
      (loop $sweeps
        (br_if $sweepsDone (i32.ge_u (local.get $s) (local.get $maxSweeps)))
        (local.set $change (v128.const f32x4 0 0 0 0))
        (local.set $t (i32.const 0))
        (block $coordsDone
          (loop $coords
            (br_if $coordsDone (i32.ge_u (local.get $t) (local.get $k)))
            (local.set $pf (i32.add (local.get $f) (i32.shl (local.get $t) (i32.const 4))))
            (local.set $fv (v128.load (local.get $pf)))
            (local.set $gv (v128.load (i32.add (local.get $g) (i32.shl (local.get $t) (i32.const 4)))))
            ;; plus the pending coordinate's term, not yet in g
            (if (local.get $pend)
              (then
                (local.set $gv (f32x4.add (local.get $gv) (f32x4.mul (local.get $pd)
                  (v128.load32_splat (i32.add (local.get $G)
                    (i32.shl (i32.add (i32.mul (local.get $p) (local.get $k)) (local.get $t)) (i32.const 2)))))))))
            (if (i32.eqz (local.get $s))
              (then
                (local.set $term (v128.bitselect
                  (f32x4.pmax (f32x4.neg (local.get $gv)) (v128.const f32x4 0 0 0 0))
                  (f32x4.abs (local.get $gv))
                  (f32x4.eq (local.get $fv) (v128.const f32x4 0 0 0 0))))
                (local.set $violation (f64.add (local.get $violation)
                  (f64.promote_f32 (f32x4.extract_lane 0 (local.get $term)))))
                (local.set $pq (i32.add (local.get $later) (i32.shl (local.get $t) (i32.const 3))))
                (f64.store (local.get $pq) (f64.promote_f32 (f32x4.extract_lane 1 (local.get $term))))
                (local.set $pq (i32.add (local.get $pq) (local.get $kb)))
                (f64.store (local.get $pq) (f64.promote_f32 (f32x4.extract_lane 2 (local.get $term))))
                (local.set $pq (i32.add (local.get $pq) (local.get $kb)))
                (f64.store (local.get $pq) (f64.promote_f32 (f32x4.extract_lane 3 (local.get $term))))))
            (local.set $hess (v128.load32_splat (i32.add (local.get $G)
              (i32.shl (i32.mul (local.get $t) (i32.add (local.get $k) (i32.const 1))) (i32.const 2)))))
            (if (f32.ne (f32x4.extract_lane 0 (local.get $hess)) (f32.const 0))
              (then
                (local.set $next (f32x4.pmax
                  (f32x4.sub (local.get $fv) (f32x4.div (local.get $gv) (local.get $hess)))
                  (v128.const f32x4 0 0 0 0)))
                (local.set $delta (f32x4.sub (local.get $next) (local.get $fv)))
                (local.set $update (v128.and (local.get $active)
                  (f32x4.ne (local.get $delta) (v128.const f32x4 0 0 0 0))))
                (if (v128.any_true (local.get $update))
                  (then
                    (v128.store (local.get $pf)
                      (v128.bitselect (local.get $next) (local.get $fv) (local.get $update)))
                    (local.set $delta (v128.and (local.get $delta) (local.get $update)))
                    (local.set $change (f32x4.add (local.get $change)
                      (f32x4.mul (local.get $delta) (local.get $delta))))
                    (if (local.get $pend)
                      (then
                        (call $pairPass32 (local.get $g) (local.get $k)
                          (i32.add (local.get $G) (i32.mul (local.get $p) (local.get $k4))) (local.get $pd)
                          (i32.add (local.get $G) (i32.mul (local.get $t) (local.get $k4))) (local.get $delta))
                        (local.set $pend (i32.const 0)))
                      (else
                        (local.set $p (local.get $t))
                        (local.set $pd (local.get $delta))
                        (local.set $pend (i32.const 1))))))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $coords)))
        (if (i32.eqz (local.get $s))
          (then
            (local.set $first (local.get $change))
            (local.set $t (i32.const 0))
            (local.set $pq (local.get $later))
            (block $laterDone
              (loop $laterTerms
                (br_if $laterDone (i32.ge_u (local.get $t) (i32.mul (local.get $k) (i32.const 3))))
                (local.set $violation (f64.add (local.get $violation) (f64.load (local.get $pq))))
                (local.set $pq (i32.add (local.get $pq) (i32.const 8)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $laterTerms))))
          (else
            (local.set $active (v128.andnot (local.get $active)
              (f32x4.le (local.get $change) (f32x4.mul (f32x4.splat (local.get $ratio)) (local.get $first)))))))
        (local.set $active (v128.andnot (local.get $active)
          (f32x4.eq (local.get $change) (v128.const f32x4 0 0 0 0))))
        (br_if $sweepsDone (i32.eqz (v128.any_true (local.get $active))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $sweeps)))
    ;; f back into the four rows
    (local.set $t (i32.const 0))
    (block $storeDone
      (loop $store
        (br_if $storeDone (i32.ge_u (local.get $t) (local.get $k)))
        (local.set $fv (v128.load (i32.add (local.get $f) (i32.shl (local.get $t) (i32.const 4)))))
        (local.set $pt (i32.add (local.get $frow) (i32.shl (local.get $t) (i32.const 3))))
        (f64.store (local.get $pt) (f64.promote_f32 (f32x4.extract_lane 0 (local.get $fv))))
        (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
        (f64.store (local.get $pt) (f64.promote_f32 (f32x4.extract_lane 1 (local.get $fv))))
        (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
        (f64.store (local.get $pt) (f64.promote_f32 (f32x4.extract_lane 2 (local.get $fv))))
        (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
        (f64.store (local.get $pt) (f64.promote_f32 (f32x4.extract_lane 3 (local.get $fv))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $store)))
    (local.get $violation))

  ;; $sweepQuad32 on rows i … i + 7 together: rows i … i + 3 in the lanes of quad A (fa, ga),
  ;; rows i + 4 … i + 7 in quad B (fb, gb, their rows 4k float64 and 4k float32 on), each lane's
  ;; operations those of loopSweeps32 on its row as in $sweepQuad32, the two quads' independent
  ;; chains of operations interleaved (a coordinate's update waits for its division: one quad
  ;; alone leaves the core idle there). The quads share the control: a coordinate's update is
  ;; written and its gradient terms added where a lane of either quad changes (the other quad
  ;; adds 0·G: as $sweepQuad32's lanes that do not change, at most the sign of a zero g[t]), and
  ;; they sweep while a lane of either is active. Scratch: fa, fb, ga, gb (k v128 each) from
  ;; scratch, then rows i + 1 … i + 7's first-sweep violation terms at scratch + 64k (k float64
  ;; each), added after row i's.
  (func $sweepOct32
    (param $G i32) (param $k i32) (param $frow i32) (param $prow i32) (param $maxSweeps i32)
    (param $ratio f32) (param $scratch i32) (param $violation f64) (result f64)
    (local $t i32) (local $s i32) (local $fa i32) (local $fb i32) (local $ga i32) (local $gb i32)
    (local $later i32) (local $pt i32) (local $pf i32) (local $pq i32) (local $kb i32) (local $k4 i32)
    (local $ka i32) (local $row i32) (local $pend i32) (local $p i32) (local $pg i32)
    (local $fva v128) (local $gva v128) (local $nexta v128) (local $deltaa v128) (local $updatea v128)
    (local $terma v128) (local $changea v128) (local $firsta v128) (local $activea v128) (local $pda v128)
    (local $fvb v128) (local $gvb v128) (local $nextb v128) (local $deltab v128) (local $updateb v128)
    (local $termb v128) (local $changeb v128) (local $firstb v128) (local $activeb v128) (local $pdb v128)
    (local $hess v128) (local $gpt v128)
    (local.set $kb (i32.shl (local.get $k) (i32.const 3)))
    (local.set $k4 (i32.shl (local.get $k) (i32.const 2)))
    (local.set $ka (i32.shl (local.get $k) (i32.const 4)))
    (local.set $fa (local.get $scratch))
    (local.set $fb (i32.add (local.get $fa) (local.get $ka)))
    (local.set $ga (i32.add (local.get $fb) (local.get $ka)))
    (local.set $gb (i32.add (local.get $ga) (local.get $ka)))
    (local.set $later (i32.add (local.get $gb) (local.get $ka)))
    ;; f: the rows rounded to float32, interleaved by quad; g = −p interleaved
    (local.set $t (i32.const 0))
    (block $loadDone
      (loop $load
        (br_if $loadDone (i32.ge_u (local.get $t) (local.get $k)))
        (local.set $row (i32.const 0))
        (block $quadsDone
          (loop $quads
            (br_if $quadsDone (i32.ge_u (local.get $row) (i32.const 8)))
            (local.set $pt (i32.add (i32.add (local.get $frow) (i32.shl (local.get $t) (i32.const 3)))
              (i32.mul (local.get $row) (local.get $kb))))
            (local.set $fva (f32x4.splat (f32.demote_f64 (f64.load (local.get $pt)))))
            (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
            (local.set $fva (f32x4.replace_lane 1 (local.get $fva) (f32.demote_f64 (f64.load (local.get $pt)))))
            (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
            (local.set $fva (f32x4.replace_lane 2 (local.get $fva) (f32.demote_f64 (f64.load (local.get $pt)))))
            (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
            (local.set $fva (f32x4.replace_lane 3 (local.get $fva) (f32.demote_f64 (f64.load (local.get $pt)))))
            (local.set $pt (i32.add (i32.add (local.get $prow) (i32.shl (local.get $t) (i32.const 2)))
              (i32.mul (local.get $row) (local.get $k4))))
            (local.set $gva (v128.load32_splat (local.get $pt)))
            (local.set $pt (i32.add (local.get $pt) (local.get $k4)))
            (local.set $gva (v128.load32_lane 1 (local.get $pt) (local.get $gva)))
            (local.set $pt (i32.add (local.get $pt) (local.get $k4)))
            (local.set $gva (v128.load32_lane 2 (local.get $pt) (local.get $gva)))
            (local.set $pt (i32.add (local.get $pt) (local.get $k4)))
            (local.set $gva (v128.load32_lane 3 (local.get $pt) (local.get $gva)))
            ;; quad A's f and g for row 0, quad B's (ka bytes on) for row 4
            (local.set $pf (i32.add (i32.shl (local.get $t) (i32.const 4))
              (select (local.get $ka) (i32.const 0) (local.get $row))))
            (v128.store (i32.add (local.get $fa) (local.get $pf)) (local.get $fva))
            (v128.store (i32.add (local.get $ga) (local.get $pf)) (f32x4.neg (local.get $gva)))
            (local.set $row (i32.add (local.get $row) (i32.const 4)))
            (br $quads)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $load)))
    ;; g[t] += G[r, t]·f[r], r in order, where f[r] ≠ 0 in some lane of either quad: two such r
    ;; to a pass
    (local.set $t (i32.const 0))
    (block $gradDone
      (loop $grad
        (br_if $gradDone (i32.ge_u (local.get $t) (local.get $k)))
        (local.set $pf (i32.shl (local.get $t) (i32.const 4)))
        (local.set $fva (v128.load (i32.add (local.get $fa) (local.get $pf))))
        (local.set $fvb (v128.load (i32.add (local.get $fb) (local.get $pf))))
        (if (v128.any_true (v128.or
              (f32x4.ne (local.get $fva) (v128.const f32x4 0 0 0 0))
              (f32x4.ne (local.get $fvb) (v128.const f32x4 0 0 0 0))))
          (then
            (if (local.get $pend)
              (then
                (call $pairPass32x2 (local.get $ga) (local.get $gb) (local.get $k)
                  (i32.add (local.get $G) (i32.mul (local.get $p) (local.get $k4))) (local.get $pda) (local.get $pdb)
                  (i32.add (local.get $G) (i32.mul (local.get $t) (local.get $k4))) (local.get $fva) (local.get $fvb))
                (local.set $pend (i32.const 0)))
              (else
                (local.set $p (local.get $t))
                (local.set $pda (local.get $fva))
                (local.set $pdb (local.get $fvb))
                (local.set $pend (i32.const 1))))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $grad)))
    (if (local.get $pend)
      (then
        (call $onePass32x2 (local.get $ga) (local.get $gb) (local.get $k)
          (i32.add (local.get $G) (i32.mul (local.get $p) (local.get $k4))) (local.get $pda) (local.get $pdb))
        (local.set $pend (i32.const 0))))
    (local.set $activea (v128.const i32x4 -1 -1 -1 -1))
    (local.set $activeb (v128.const i32x4 -1 -1 -1 -1))
    (local.set $s (i32.const 0))
    (block $sweepsDone
      (loop $sweeps
        (br_if $sweepsDone (i32.ge_u (local.get $s) (local.get $maxSweeps)))
        (local.set $changea (v128.const f32x4 0 0 0 0))
        (local.set $changeb (v128.const f32x4 0 0 0 0))
        (local.set $t (i32.const 0))
        (block $coordsDone
          (loop $coords
            (br_if $coordsDone (i32.ge_u (local.get $t) (local.get $k)))
            (local.set $pf (i32.shl (local.get $t) (i32.const 4)))
            (local.set $fva (v128.load (i32.add (local.get $fa) (local.get $pf))))
            (local.set $fvb (v128.load (i32.add (local.get $fb) (local.get $pf))))
            (local.set $gva (v128.load (i32.add (local.get $ga) (local.get $pf))))
            (local.set $gvb (v128.load (i32.add (local.get $gb) (local.get $pf))))
            ;; plus the pending coordinate's terms, not yet in g
            (if (local.get $pend)
              (then
                (local.set $gpt (v128.load32_splat (i32.add (local.get $G)
                  (i32.shl (i32.add (i32.mul (local.get $p) (local.get $k)) (local.get $t)) (i32.const 2)))))
                (local.set $gva (f32x4.add (local.get $gva) (f32x4.mul (local.get $pda) (local.get $gpt))))
                (local.set $gvb (f32x4.add (local.get $gvb) (f32x4.mul (local.get $pdb) (local.get $gpt))))))
            (if (i32.eqz (local.get $s))
              (then
                (local.set $terma (v128.bitselect
                  (f32x4.pmax (f32x4.neg (local.get $gva)) (v128.const f32x4 0 0 0 0))
                  (f32x4.abs (local.get $gva))
                  (f32x4.eq (local.get $fva) (v128.const f32x4 0 0 0 0))))
                (local.set $termb (v128.bitselect
                  (f32x4.pmax (f32x4.neg (local.get $gvb)) (v128.const f32x4 0 0 0 0))
                  (f32x4.abs (local.get $gvb))
                  (f32x4.eq (local.get $fvb) (v128.const f32x4 0 0 0 0))))
                (local.set $violation (f64.add (local.get $violation)
                  (f64.promote_f32 (f32x4.extract_lane 0 (local.get $terma)))))
                (local.set $pq (i32.add (local.get $later) (i32.shl (local.get $t) (i32.const 3))))
                (f64.store (local.get $pq) (f64.promote_f32 (f32x4.extract_lane 1 (local.get $terma))))
                (local.set $pq (i32.add (local.get $pq) (local.get $kb)))
                (f64.store (local.get $pq) (f64.promote_f32 (f32x4.extract_lane 2 (local.get $terma))))
                (local.set $pq (i32.add (local.get $pq) (local.get $kb)))
                (f64.store (local.get $pq) (f64.promote_f32 (f32x4.extract_lane 3 (local.get $terma))))
                (local.set $pq (i32.add (local.get $pq) (local.get $kb)))
                (f64.store (local.get $pq) (f64.promote_f32 (f32x4.extract_lane 0 (local.get $termb))))
                (local.set $pq (i32.add (local.get $pq) (local.get $kb)))
                (f64.store (local.get $pq) (f64.promote_f32 (f32x4.extract_lane 1 (local.get $termb))))
                (local.set $pq (i32.add (local.get $pq) (local.get $kb)))
                (f64.store (local.get $pq) (f64.promote_f32 (f32x4.extract_lane 2 (local.get $termb))))
                (local.set $pq (i32.add (local.get $pq) (local.get $kb)))
                (f64.store (local.get $pq) (f64.promote_f32 (f32x4.extract_lane 3 (local.get $termb))))))
            (local.set $hess (v128.load32_splat (i32.add (local.get $G)
              (i32.shl (i32.mul (local.get $t) (i32.add (local.get $k) (i32.const 1))) (i32.const 2)))))
            (if (f32.ne (f32x4.extract_lane 0 (local.get $hess)) (f32.const 0))
              (then
                (local.set $nexta (f32x4.pmax
                  (f32x4.sub (local.get $fva) (f32x4.div (local.get $gva) (local.get $hess)))
                  (v128.const f32x4 0 0 0 0)))
                (local.set $nextb (f32x4.pmax
                  (f32x4.sub (local.get $fvb) (f32x4.div (local.get $gvb) (local.get $hess)))
                  (v128.const f32x4 0 0 0 0)))
                (local.set $deltaa (f32x4.sub (local.get $nexta) (local.get $fva)))
                (local.set $deltab (f32x4.sub (local.get $nextb) (local.get $fvb)))
                (local.set $updatea (v128.and (local.get $activea)
                  (f32x4.ne (local.get $deltaa) (v128.const f32x4 0 0 0 0))))
                (local.set $updateb (v128.and (local.get $activeb)
                  (f32x4.ne (local.get $deltab) (v128.const f32x4 0 0 0 0))))
                (if (v128.any_true (v128.or (local.get $updatea) (local.get $updateb)))
                  (then
                    (v128.store (i32.add (local.get $fa) (local.get $pf))
                      (v128.bitselect (local.get $nexta) (local.get $fva) (local.get $updatea)))
                    (v128.store (i32.add (local.get $fb) (local.get $pf))
                      (v128.bitselect (local.get $nextb) (local.get $fvb) (local.get $updateb)))
                    (local.set $deltaa (v128.and (local.get $deltaa) (local.get $updatea)))
                    (local.set $deltab (v128.and (local.get $deltab) (local.get $updateb)))
                    (local.set $changea (f32x4.add (local.get $changea)
                      (f32x4.mul (local.get $deltaa) (local.get $deltaa))))
                    (local.set $changeb (f32x4.add (local.get $changeb)
                      (f32x4.mul (local.get $deltab) (local.get $deltab))))
                    (if (local.get $pend)
                      (then
                        (call $pairPass32x2 (local.get $ga) (local.get $gb) (local.get $k)
                          (i32.add (local.get $G) (i32.mul (local.get $p) (local.get $k4))) (local.get $pda) (local.get $pdb)
                          (i32.add (local.get $G) (i32.mul (local.get $t) (local.get $k4))) (local.get $deltaa) (local.get $deltab))
                        (local.set $pend (i32.const 0)))
                      (else
                        (local.set $p (local.get $t))
                        (local.set $pda (local.get $deltaa))
                        (local.set $pdb (local.get $deltab))
                        (local.set $pend (i32.const 1))))))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $coords)))
        (if (i32.eqz (local.get $s))
          (then
            (local.set $firsta (local.get $changea))
            (local.set $firstb (local.get $changeb))
            (local.set $t (i32.const 0))
            (local.set $pq (local.get $later))
            (block $laterDone
              (loop $laterTerms
                (br_if $laterDone (i32.ge_u (local.get $t) (i32.mul (local.get $k) (i32.const 7))))
                (local.set $violation (f64.add (local.get $violation) (f64.load (local.get $pq))))
                (local.set $pq (i32.add (local.get $pq) (i32.const 8)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $laterTerms))))
          (else
            (local.set $activea (v128.andnot (local.get $activea)
              (f32x4.le (local.get $changea) (f32x4.mul (f32x4.splat (local.get $ratio)) (local.get $firsta)))))
            (local.set $activeb (v128.andnot (local.get $activeb)
              (f32x4.le (local.get $changeb) (f32x4.mul (f32x4.splat (local.get $ratio)) (local.get $firstb)))))))
        (local.set $activea (v128.andnot (local.get $activea)
          (f32x4.eq (local.get $changea) (v128.const f32x4 0 0 0 0))))
        (local.set $activeb (v128.andnot (local.get $activeb)
          (f32x4.eq (local.get $changeb) (v128.const f32x4 0 0 0 0))))
        (br_if $sweepsDone (i32.eqz (v128.any_true (v128.or (local.get $activea) (local.get $activeb)))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $sweeps)))
    ;; f back into the eight rows
    (local.set $t (i32.const 0))
    (block $storeDone
      (loop $store
        (br_if $storeDone (i32.ge_u (local.get $t) (local.get $k)))
        (local.set $row (i32.const 0))
        (block $storeQuadsDone
          (loop $storeQuads
            (br_if $storeQuadsDone (i32.ge_u (local.get $row) (i32.const 8)))
            (local.set $fva (v128.load (i32.add (i32.add (local.get $fa) (i32.shl (local.get $t) (i32.const 4)))
              (select (local.get $ka) (i32.const 0) (local.get $row)))))
            (local.set $pt (i32.add (i32.add (local.get $frow) (i32.shl (local.get $t) (i32.const 3)))
              (i32.mul (local.get $row) (local.get $kb))))
            (f64.store (local.get $pt) (f64.promote_f32 (f32x4.extract_lane 0 (local.get $fva))))
            (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
            (f64.store (local.get $pt) (f64.promote_f32 (f32x4.extract_lane 1 (local.get $fva))))
            (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
            (f64.store (local.get $pt) (f64.promote_f32 (f32x4.extract_lane 2 (local.get $fva))))
            (local.set $pt (i32.add (local.get $pt) (local.get $kb)))
            (f64.store (local.get $pt) (f64.promote_f32 (f32x4.extract_lane 3 (local.get $fva))))
            (local.set $row (i32.add (local.get $row) (i32.const 4)))
            (br $storeQuads)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $store)))
    (local.get $violation))

  ;; $onePass32 on two quads' g (ga, gb) with the same G row: each entry as there.
  (func $onePass32x2 (param $ga i32) (param $gb i32) (param $k i32) (param $pg i32) (param $da v128) (param $db v128)
    (local $end i32) (local $g v128)
    (local.set $end (i32.add (local.get $ga) (i32.shl (local.get $k) (i32.const 4))))
    (block $done
      (loop $entries
        (br_if $done (i32.ge_u (local.get $ga) (local.get $end)))
        (local.set $g (v128.load32_splat (local.get $pg)))
        (v128.store (local.get $ga) (f32x4.add (v128.load (local.get $ga)) (f32x4.mul (local.get $g) (local.get $da))))
        (v128.store (local.get $gb) (f32x4.add (v128.load (local.get $gb)) (f32x4.mul (local.get $g) (local.get $db))))
        (local.set $pg (i32.add (local.get $pg) (i32.const 4)))
        (local.set $ga (i32.add (local.get $ga) (i32.const 16)))
        (local.set $gb (i32.add (local.get $gb) (i32.const 16)))
        (br $entries))))

  ;; $pairPass32 on two quads' g: each entry (g + G1·d1) + G2·d2 in either quad, two entries to a
  ;; loop step, then the last one.
  (func $pairPass32x2 (param $ga i32) (param $gb i32) (param $k i32) (param $p1 i32) (param $a1 v128) (param $b1 v128)
    (param $p2 i32) (param $a2 v128) (param $b2 v128)
    (local $end i32) (local $last i32) (local $g1 v128) (local $g2 v128) (local $h1 v128) (local $h2 v128)
    (local.set $end (i32.add (local.get $ga) (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 4))))
    (local.set $last (i32.add (local.get $ga) (i32.shl (local.get $k) (i32.const 4))))
    (block $done
      (loop $entries
        (br_if $done (i32.ge_u (local.get $ga) (local.get $end)))
        (local.set $g1 (v128.load32_splat offset=0 (local.get $p1)))
        (local.set $g2 (v128.load32_splat offset=0 (local.get $p2)))
        (local.set $h1 (v128.load32_splat offset=4 (local.get $p1)))
        (local.set $h2 (v128.load32_splat offset=4 (local.get $p2)))
        (v128.store offset=0 (local.get $ga) (f32x4.add (f32x4.add (v128.load offset=0 (local.get $ga))
          (f32x4.mul (local.get $g1) (local.get $a1))) (f32x4.mul (local.get $g2) (local.get $a2))))
        (v128.store offset=0 (local.get $gb) (f32x4.add (f32x4.add (v128.load offset=0 (local.get $gb))
          (f32x4.mul (local.get $g1) (local.get $b1))) (f32x4.mul (local.get $g2) (local.get $b2))))
        (v128.store offset=16 (local.get $ga) (f32x4.add (f32x4.add (v128.load offset=16 (local.get $ga))
          (f32x4.mul (local.get $h1) (local.get $a1))) (f32x4.mul (local.get $h2) (local.get $a2))))
        (v128.store offset=16 (local.get $gb) (f32x4.add (f32x4.add (v128.load offset=16 (local.get $gb))
          (f32x4.mul (local.get $h1) (local.get $b1))) (f32x4.mul (local.get $h2) (local.get $b2))))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 8)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 8)))
        (local.set $ga (i32.add (local.get $ga) (i32.const 32)))
        (local.set $gb (i32.add (local.get $gb) (i32.const 32)))
        (br $entries)))
    (if (i32.lt_u (local.get $ga) (local.get $last))
      (then
        (local.set $g1 (v128.load32_splat (local.get $p1)))
        (local.set $g2 (v128.load32_splat (local.get $p2)))
        (v128.store (local.get $ga) (f32x4.add (f32x4.add (v128.load (local.get $ga))
          (f32x4.mul (local.get $g1) (local.get $a1))) (f32x4.mul (local.get $g2) (local.get $a2))))
        (v128.store (local.get $gb) (f32x4.add (f32x4.add (v128.load (local.get $gb))
          (f32x4.mul (local.get $g1) (local.get $b1))) (f32x4.mul (local.get $g2) (local.get $b2)))))))

  ;; g (k v128: entry t's four lanes) += splat(G[t])·d, G from pg (k float32): four entries to
  ;; a loop step, then the last k mod 4.
  (func $onePass32 (param $g i32) (param $k i32) (param $pg i32) (param $d v128)
    (local $end i32) (local $last i32)
    (local.set $end (i32.add (local.get $g) (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 4))))
    (local.set $last (i32.add (local.get $g) (i32.shl (local.get $k) (i32.const 4))))
    (block $done
      (loop $entries
        (br_if $done (i32.ge_u (local.get $g) (local.get $end)))
        (v128.store offset=0 (local.get $g) (f32x4.add (v128.load offset=0 (local.get $g))
          (f32x4.mul (v128.load32_splat offset=0 (local.get $pg)) (local.get $d))))
        (v128.store offset=16 (local.get $g) (f32x4.add (v128.load offset=16 (local.get $g))
          (f32x4.mul (v128.load32_splat offset=4 (local.get $pg)) (local.get $d))))
        (v128.store offset=32 (local.get $g) (f32x4.add (v128.load offset=32 (local.get $g))
          (f32x4.mul (v128.load32_splat offset=8 (local.get $pg)) (local.get $d))))
        (v128.store offset=48 (local.get $g) (f32x4.add (v128.load offset=48 (local.get $g))
          (f32x4.mul (v128.load32_splat offset=12 (local.get $pg)) (local.get $d))))
        (local.set $pg (i32.add (local.get $pg) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 64)))
        (br $entries)))
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_u (local.get $g) (local.get $last)))
        (v128.store (local.get $g) (f32x4.add (v128.load (local.get $g))
          (f32x4.mul (v128.load32_splat (local.get $pg)) (local.get $d))))
        (local.set $pg (i32.add (local.get $pg) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $rest))))

  ;; $onePass32 with (p1, d1) then with (p2, d2) in one pass over g: each entry
  ;; (g + G1·d1) + G2·d2, the operations of two passes in their order.
  (func $pairPass32 (param $g i32) (param $k i32) (param $p1 i32) (param $d1 v128)
    (param $p2 i32) (param $d2 v128)
    (local $end i32) (local $last i32)
    (local.set $end (i32.add (local.get $g) (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 4))))
    (local.set $last (i32.add (local.get $g) (i32.shl (local.get $k) (i32.const 4))))
    (block $done
      (loop $entries
        (br_if $done (i32.ge_u (local.get $g) (local.get $end)))
        (v128.store offset=0 (local.get $g) (f32x4.add (f32x4.add (v128.load offset=0 (local.get $g))
          (f32x4.mul (v128.load32_splat offset=0 (local.get $p1)) (local.get $d1)))
          (f32x4.mul (v128.load32_splat offset=0 (local.get $p2)) (local.get $d2))))
        (v128.store offset=16 (local.get $g) (f32x4.add (f32x4.add (v128.load offset=16 (local.get $g))
          (f32x4.mul (v128.load32_splat offset=4 (local.get $p1)) (local.get $d1)))
          (f32x4.mul (v128.load32_splat offset=4 (local.get $p2)) (local.get $d2))))
        (v128.store offset=32 (local.get $g) (f32x4.add (f32x4.add (v128.load offset=32 (local.get $g))
          (f32x4.mul (v128.load32_splat offset=8 (local.get $p1)) (local.get $d1)))
          (f32x4.mul (v128.load32_splat offset=8 (local.get $p2)) (local.get $d2))))
        (v128.store offset=48 (local.get $g) (f32x4.add (f32x4.add (v128.load offset=48 (local.get $g))
          (f32x4.mul (v128.load32_splat offset=12 (local.get $p1)) (local.get $d1)))
          (f32x4.mul (v128.load32_splat offset=12 (local.get $p2)) (local.get $d2))))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 16)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 64)))
        (br $entries)))
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_u (local.get $g) (local.get $last)))
        (v128.store (local.get $g) (f32x4.add (f32x4.add (v128.load (local.get $g))
          (f32x4.mul (v128.load32_splat (local.get $p1)) (local.get $d1)))
          (f32x4.mul (v128.load32_splat (local.get $p2)) (local.get $d2))))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 4)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $rest))))

  ;;
  ;; ---- The Gram matrix FᵀF of a thin F, float64 (thin64.ts) ----
  ;; G (`k × k` float64) += FᵀF for F `rows × k` (float64, row-major). Every entry adds f_a·f_b
  ;; over the rows i = 0 … rows − 1 in order to its value in G, as the JavaScript loop does from
  ;; 0, so calls on consecutive blocks of rows give the same bits as one call on all of them:
  ;; the upper triangle's 4 × 4 blocks (a, b < k − k mod 4) with their 16 sums in registers;
  ;; where k mod 4 ≥ 2, the next two columns' entries of rows a < k − k mod 4 four rows at a
  ;; time (8 sums); the other entries of the last k mod 4 columns one by one; then the lower
  ;; triangle mirrored (f_a·f_b = f_b·f_a exactly).
  (func (export "gramRows") (param $F i32) (param $rows i32) (param $k i32) (param $G i32)
    (local $a i32) (local $b i32)
    (call $gramPart (local.get $F) (local.get $rows) (local.get $k) (local.get $G)
      (i32.const 0) (local.get $k) (i32.const 1))
    ;; G[b, a] = G[a, b] for a < b
    (local.set $a (i32.const 0))
    (block $mirrorDone
      (loop $mirror
        (br_if $mirrorDone (i32.ge_u (local.get $a) (local.get $k)))
        (local.set $b (i32.add (local.get $a) (i32.const 1)))
        (block $colDone
          (loop $col
            (br_if $colDone (i32.ge_u (local.get $b) (local.get $k)))
            (f64.store (i32.add (local.get $G) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $k)) (local.get $a)) (i32.const 3)))
              (f64.load (i32.add (local.get $G) (i32.shl (i32.add (i32.mul (local.get $a) (local.get $k)) (local.get $b)) (i32.const 3)))))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $col)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $mirror)))
  )
;;
  ;; gramRows's sums without the mirror: the 4 × 4 blocks of the block rows a0 ≤ a < a1 (a0 a
  ;; multiple of 4), and with `rest` the entries of the last k mod 4 columns. Calls on disjoint
  ;; block rows (one of them with `rest`) give gramRows's upper triangle, on any threads.
  (func $gramPart (export "gramPart") (param $F i32) (param $rows i32) (param $k i32) (param $G i32)
    (param $a0 i32) (param $a1 i32) (param $rest i32)
    (local $k4 i32) (local $k4p i32) (local $rb i32) (local $a i32) (local $b i32) (local $p i32) (local $end i32)
    (local $x0 v128) (local $x1 v128) (local $f v128) (local $s f64)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $k4 (i32.and (local.get $k) (i32.const -4)))
    (local.set $rb (i32.shl (local.get $k) (i32.const 3)))
    (local.set $end (i32.add (local.get $F) (i32.mul (local.get $rows) (local.get $rb))))
    (if (i32.gt_u (local.get $a1) (local.get $k4)) (then (local.set $a1 (local.get $k4))))
    (local.set $a (local.get $a0))
    (block $blockRowsDone
      (loop $blockRows
        (br_if $blockRowsDone (i32.ge_u (local.get $a) (local.get $a1)))
        (local.set $b (local.get $a))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.ge_u (local.get $b) (local.get $k4)))
            ;; the sums so far: G[a + r, b … b + 3] for r = 0 … 3
            (local.set $p (i32.add (local.get $G) (i32.shl (i32.add (i32.mul (local.get $a) (local.get $k)) (local.get $b)) (i32.const 3))))
            (local.set $c00 (v128.load (local.get $p))) (local.set $c01 (v128.load offset=16 (local.get $p)))
            (local.set $p (i32.add (local.get $p) (local.get $rb)))
            (local.set $c10 (v128.load (local.get $p))) (local.set $c11 (v128.load offset=16 (local.get $p)))
            (local.set $p (i32.add (local.get $p) (local.get $rb)))
            (local.set $c20 (v128.load (local.get $p))) (local.set $c21 (v128.load offset=16 (local.get $p)))
            (local.set $p (i32.add (local.get $p) (local.get $rb)))
            (local.set $c30 (v128.load (local.get $p))) (local.set $c31 (v128.load offset=16 (local.get $p)))
            (local.set $p (local.get $F))
            (block $rowsDone
              (loop $rows
                (br_if $rowsDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $x0 (v128.load (i32.add (local.get $p) (i32.shl (local.get $b) (i32.const 3)))))
                (local.set $x1 (v128.load offset=16 (i32.add (local.get $p) (i32.shl (local.get $b) (i32.const 3)))))
                (local.set $f (v128.load64_splat (i32.add (local.get $p) (i32.shl (local.get $a) (i32.const 3)))))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $f) (local.get $x0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $f) (local.get $x1))))
                (local.set $f (v128.load64_splat offset=8 (i32.add (local.get $p) (i32.shl (local.get $a) (i32.const 3)))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $f) (local.get $x0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $f) (local.get $x1))))
                (local.set $f (v128.load64_splat offset=16 (i32.add (local.get $p) (i32.shl (local.get $a) (i32.const 3)))))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $f) (local.get $x0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $f) (local.get $x1))))
                (local.set $f (v128.load64_splat offset=24 (i32.add (local.get $p) (i32.shl (local.get $a) (i32.const 3)))))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $f) (local.get $x0))))
                (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $f) (local.get $x1))))
                (local.set $p (i32.add (local.get $p) (local.get $rb)))
                (br $rows)))
            ;; G[a + r, b … b + 3] for r = 0 … 3
            (local.set $p (i32.add (local.get $G) (i32.shl (i32.add (i32.mul (local.get $a) (local.get $k)) (local.get $b)) (i32.const 3))))
            (v128.store (local.get $p) (local.get $c00))
            (v128.store offset=16 (local.get $p) (local.get $c01))
            (local.set $p (i32.add (local.get $p) (local.get $rb)))
            (v128.store (local.get $p) (local.get $c10))
            (v128.store offset=16 (local.get $p) (local.get $c11))
            (local.set $p (i32.add (local.get $p) (local.get $rb)))
            (v128.store (local.get $p) (local.get $c20))
            (v128.store offset=16 (local.get $p) (local.get $c21))
            (local.set $p (i32.add (local.get $p) (local.get $rb)))
            (v128.store (local.get $p) (local.get $c30))
            (v128.store offset=16 (local.get $p) (local.get $c31))
            (local.set $b (i32.add (local.get $b) (i32.const 4)))
            (br $blocks)))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $blockRows)))
    (if (i32.eqz (local.get $rest)) (then (return)))
    ;; where two more columns k4, k4 + 1 exist: their entries (a, k4 … k4 + 1) for a < k4, four
    ;; rows a at a time
    (local.set $k4p (local.get $k4))
    (if (i32.ge_u (i32.sub (local.get $k) (local.get $k4)) (i32.const 2))
      (then
        (local.set $k4p (i32.add (local.get $k4) (i32.const 2)))
        (local.set $a (i32.const 0))
        (block $pairRowsDone
          (loop $pairRows
            (br_if $pairRowsDone (i32.ge_u (local.get $a) (local.get $k4)))
            (local.set $p (i32.add (local.get $G) (i32.shl (i32.add (i32.mul (local.get $a) (local.get $k)) (local.get $k4)) (i32.const 3))))
            (local.set $c00 (v128.load (local.get $p)))
            (local.set $p (i32.add (local.get $p) (local.get $rb)))
            (local.set $c10 (v128.load (local.get $p)))
            (local.set $p (i32.add (local.get $p) (local.get $rb)))
            (local.set $c20 (v128.load (local.get $p)))
            (local.set $p (i32.add (local.get $p) (local.get $rb)))
            (local.set $c30 (v128.load (local.get $p)))
            (local.set $p (local.get $F))
            (block $pairSumDone
              (loop $pairSum
                (br_if $pairSumDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $x0 (v128.load (i32.add (local.get $p) (i32.shl (local.get $k4) (i32.const 3)))))
                (local.set $f (v128.load64_splat (i32.add (local.get $p) (i32.shl (local.get $a) (i32.const 3)))))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $f) (local.get $x0))))
                (local.set $f (v128.load64_splat offset=8 (i32.add (local.get $p) (i32.shl (local.get $a) (i32.const 3)))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $f) (local.get $x0))))
                (local.set $f (v128.load64_splat offset=16 (i32.add (local.get $p) (i32.shl (local.get $a) (i32.const 3)))))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $f) (local.get $x0))))
                (local.set $f (v128.load64_splat offset=24 (i32.add (local.get $p) (i32.shl (local.get $a) (i32.const 3)))))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $f) (local.get $x0))))
                (local.set $p (i32.add (local.get $p) (local.get $rb)))
                (br $pairSum)))
            (local.set $p (i32.add (local.get $G) (i32.shl (i32.add (i32.mul (local.get $a) (local.get $k)) (local.get $k4)) (i32.const 3))))
            (v128.store (local.get $p) (local.get $c00))
            (local.set $p (i32.add (local.get $p) (local.get $rb)))
            (v128.store (local.get $p) (local.get $c10))
            (local.set $p (i32.add (local.get $p) (local.get $rb)))
            (v128.store (local.get $p) (local.get $c20))
            (local.set $p (i32.add (local.get $p) (local.get $rb)))
            (v128.store (local.get $p) (local.get $c30))
            (local.set $a (i32.add (local.get $a) (i32.const 4)))
            (br $pairRows)))))
    ;; the other entries (a, b), a ≤ b, b ≥ k4, one sum at a time: b from k4p for a < k4
    (local.set $a (i32.const 0))
    (block $restRowsDone
      (loop $restRows
        (br_if $restRowsDone (i32.ge_u (local.get $a) (local.get $k)))
        (local.set $b (select (local.get $a) (local.get $k4p) (i32.ge_u (local.get $a) (local.get $k4))))
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.ge_u (local.get $b) (local.get $k)))
            (local.set $s (f64.load (i32.add (local.get $G)
              (i32.shl (i32.add (i32.mul (local.get $a) (local.get $k)) (local.get $b)) (i32.const 3)))))
            (local.set $p (local.get $F))
            (block $sumDone
              (loop $sum
                (br_if $sumDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $s (f64.add (local.get $s) (f64.mul
                  (f64.load (i32.add (local.get $p) (i32.shl (local.get $a) (i32.const 3))))
                  (f64.load (i32.add (local.get $p) (i32.shl (local.get $b) (i32.const 3)))))))
                (local.set $p (i32.add (local.get $p) (local.get $rb)))
                (br $sum)))
            (f64.store (i32.add (local.get $G) (i32.shl (i32.add (i32.mul (local.get $a) (local.get $k)) (local.get $b)) (i32.const 3)))
              (local.get $s))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $rest)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $restRows)))
  )
;;
  ;; ---- Rows times a small matrix, float64 (gram-steps-problem.ts, thin64.ts) ----
  ;; out[j, :] = Σ_t x[j, t]·M[t, :] (minus c[j, :] where c ≠ 0) for x `n × l`, M `l × k`, c and
  ;; out `n × k` (row-major, float64): every entry sums its l products in the order t = 0 … l − 1
  ;; from 0, then subtracts c (the loop forms' order, gemv's): eight entries of a row at a time
  ;; (four independent sums), then the one to three pairs left in one pass (as many independent
  ;; sums), the last entry alone when k is odd. gramColumns64 is
  ;; gramHalfStep's G·x for n columns of k (l = k, M = Gᵀ); thinTimes the thin F·M (c = 0).
  ;; l ≥ 1. With $upper ≠ 0, M is upper triangular (M[t, j] = 0 for t > j): a block of entries
  ;; j < e sums its terms t < min(l, e) only. The terms left out are x·0 = ±0, and a sum that
  ;; starts at +0 is never −0 (x + (−x) rounds to +0), so adding them changes nothing: the same
  ;; bits for finite x.
  (func $gramColumns64 (export "gramColumns64")
    (param $x i32) (param $n i32) (param $k i32) (param $M i32) (param $c i32) (param $out i32)
    (call $rowsTimes (local.get $x) (local.get $n) (local.get $k) (local.get $k) (local.get $M)
      (local.get $c) (local.get $out) (i32.const 0)))
  (func (export "thinTimes")
    (param $F i32) (param $rows i32) (param $l i32) (param $M i32) (param $k i32) (param $out i32)
    (param $upper i32)
    (call $rowsTimes (local.get $F) (local.get $rows) (local.get $l) (local.get $k) (local.get $M)
      (i32.const 0) (local.get $out) (local.get $upper)))
  ;; Where the terms of the entries j < e of the row at xrow end (see rowsTimes' $upper).
  (func $termsEnd (param $xrow i32) (param $l i32) (param $e i32) (param $upper i32) (result i32)
    (i32.add (local.get $xrow) (i32.shl
      (select (select (local.get $e) (local.get $l) (i32.lt_u (local.get $e) (local.get $l)))
        (local.get $l) (local.get $upper))
      (i32.const 3))))
  (func $rowsTimes
    (param $x i32) (param $n i32) (param $l i32) (param $k i32) (param $M i32) (param $c i32)
    (param $out i32) (param $upper i32)
    (local $xrow i32) (local $xend i32) (local $px i32) (local $pm i32) (local $po i32) (local $pc i32)
    (local $bend i32)
    (local $i i32) (local $kb i32) (local $v v128) (local $np i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s f64)
    (local.set $kb (i32.shl (local.get $k) (i32.const 3)))
    (local.set $xrow (local.get $x))
    (local.set $po (local.get $out))
    (local.set $pc (local.get $c))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.eqz (local.get $n)))
        (local.set $xend (i32.add (local.get $xrow) (i32.shl (local.get $l) (i32.const 3))))
        (local.set $i (i32.const 0))
        (block $eightsDone
          (loop $eights
            (br_if $eightsDone (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $k)))
            (local.set $a0 (v128.const i64x2 0 0))
            (local.set $a1 (v128.const i64x2 0 0))
            (local.set $a2 (v128.const i64x2 0 0))
            (local.set $a3 (v128.const i64x2 0 0))
            (local.set $px (local.get $xrow))
            (local.set $pm (i32.add (local.get $M) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $bend (call $termsEnd (local.get $xrow) (local.get $l)
              (i32.add (local.get $i) (i32.const 8)) (local.get $upper)))
            (loop $terms
              (local.set $v (v128.load64_splat (local.get $px)))
              (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load (local.get $pm)))))
              (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $pm)))))
              (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $v) (v128.load offset=32 (local.get $pm)))))
              (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $v) (v128.load offset=48 (local.get $pm)))))
              (local.set $px (i32.add (local.get $px) (i32.const 8)))
              (local.set $pm (i32.add (local.get $pm) (local.get $kb)))
              (br_if $terms (i32.lt_u (local.get $px) (local.get $bend))))
            (local.set $pm (i32.add (local.get $po) (i32.shl (local.get $i) (i32.const 3))))
            (if (local.get $c)
              (then
                (local.set $px (i32.add (local.get $pc) (i32.shl (local.get $i) (i32.const 3))))
                (local.set $a0 (f64x2.sub (local.get $a0) (v128.load (local.get $px))))
                (local.set $a1 (f64x2.sub (local.get $a1) (v128.load offset=16 (local.get $px))))
                (local.set $a2 (f64x2.sub (local.get $a2) (v128.load offset=32 (local.get $px))))
                (local.set $a3 (f64x2.sub (local.get $a3) (v128.load offset=48 (local.get $px))))))
            (v128.store (local.get $pm) (local.get $a0))
            (v128.store offset=16 (local.get $pm) (local.get $a1))
            (v128.store offset=32 (local.get $pm) (local.get $a2))
            (v128.store offset=48 (local.get $pm) (local.get $a3))
            (local.set $i (i32.add (local.get $i) (i32.const 8)))
            (br $eights)))
        ;; the one to three pairs of entries left, in one pass over the terms (independent sums)
        (local.set $np (i32.shr_u (i32.sub (local.get $k) (local.get $i)) (i32.const 1)))
        (if (local.get $np)
          (then
            (local.set $a0 (v128.const i64x2 0 0))
            (local.set $a1 (v128.const i64x2 0 0))
            (local.set $a2 (v128.const i64x2 0 0))
            (local.set $px (local.get $xrow))
            (local.set $pm (i32.add (local.get $M) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $bend (call $termsEnd (local.get $xrow) (local.get $l)
              (i32.add (local.get $i) (i32.shl (local.get $np) (i32.const 1))) (local.get $upper)))
            (if (i32.eq (local.get $np) (i32.const 1))
              (then
            (loop $tail1
              (local.set $v (v128.load64_splat (local.get $px)))
              (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load (local.get $pm)))))
              (local.set $px (i32.add (local.get $px) (i32.const 8)))
              (local.set $pm (i32.add (local.get $pm) (local.get $kb)))
              (br_if $tail1 (i32.lt_u (local.get $px) (local.get $bend)))))
              (else (if (i32.eq (local.get $np) (i32.const 2))
                (then
            (loop $tail2
              (local.set $v (v128.load64_splat (local.get $px)))
              (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load (local.get $pm)))))
              (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $pm)))))
              (local.set $px (i32.add (local.get $px) (i32.const 8)))
              (local.set $pm (i32.add (local.get $pm) (local.get $kb)))
              (br_if $tail2 (i32.lt_u (local.get $px) (local.get $bend)))))
                (else
            (loop $tail3
              (local.set $v (v128.load64_splat (local.get $px)))
              (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load (local.get $pm)))))
              (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $pm)))))
              (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $v) (v128.load offset=32 (local.get $pm)))))
              (local.set $px (i32.add (local.get $px) (i32.const 8)))
              (local.set $pm (i32.add (local.get $pm) (local.get $kb)))
              (br_if $tail3 (i32.lt_u (local.get $px) (local.get $bend))))))))
            (local.set $px (i32.add (local.get $pc) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $pm (i32.add (local.get $po) (i32.shl (local.get $i) (i32.const 3))))
            (if (local.get $c)
              (then (local.set $a0 (f64x2.sub (local.get $a0) (v128.load (local.get $px))))))
            (v128.store (local.get $pm) (local.get $a0))
            (if (i32.ge_u (local.get $np) (i32.const 2))
              (then
                (if (local.get $c)
                  (then (local.set $a1 (f64x2.sub (local.get $a1) (v128.load offset=16 (local.get $px))))))
                (v128.store offset=16 (local.get $pm) (local.get $a1))))
            (if (i32.eq (local.get $np) (i32.const 3))
              (then
                (if (local.get $c)
                  (then (local.set $a2 (f64x2.sub (local.get $a2) (v128.load offset=32 (local.get $px))))))
                (v128.store offset=32 (local.get $pm) (local.get $a2))))
            (local.set $i (i32.add (local.get $i) (i32.shl (local.get $np) (i32.const 1))))))
        (if (i32.lt_u (local.get $i) (local.get $k))
          (then
            (local.set $s (f64.const 0))
            (local.set $px (local.get $xrow))
            (local.set $pm (i32.add (local.get $M) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $bend (call $termsEnd (local.get $xrow) (local.get $l)
              (i32.add (local.get $i) (i32.const 1)) (local.get $upper)))
            (loop $lastTerms
              (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $px)) (f64.load (local.get $pm)))))
              (local.set $px (i32.add (local.get $px) (i32.const 8)))
              (local.set $pm (i32.add (local.get $pm) (local.get $kb)))
              (br_if $lastTerms (i32.lt_u (local.get $px) (local.get $bend))))
            (if (local.get $c)
              (then
                (local.set $s (f64.sub (local.get $s)
                  (f64.load (i32.add (local.get $pc) (i32.shl (local.get $i) (i32.const 3))))))))
            (f64.store (i32.add (local.get $po) (i32.shl (local.get $i) (i32.const 3))) (local.get $s))))
        (local.set $xrow (local.get $xend))
        (local.set $po (i32.add (local.get $po) (local.get $kb)))
        (if (local.get $c) (then (local.set $pc (i32.add (local.get $pc) (local.get $kb)))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $rows)))
  )
;;
;; ---- gramHalfStep's armijo step at depth 2, float64 (gram-steps-overparam.ts) ----
  ;; One step of n columns of k (column-contiguous, every pointer at the first column; eta, rem,
  ;; baseOf, ddOf one float64 per column), the operations of the loop form's armijo step for
  ;; L = 2 in its order (the same bits): pass 1 the gradient d = 2u⊙(gx − c), the BB base step,
  ;; a = −2u⊙d, b = d⊙d, u and d remembered in up, dp; G·a, G·b (gramColumns64, M = Gᵀ); pass 2
  ;; each column's quartic coefficients and its trial steps base·2⁻ᶠ, f < trials, the first with
  ;; u − t·d ≥ 0 and sufficient decrease (change ≤ negC·t·‖d‖²) taken, else eta = base·2⁻ᵗʳⁱᵃˡˢ.
  ;; Two entries of a column per f64x2: each sum over a column is two lane sums, the even
  ;; entries' (an odd k's last entry last) plus the odd entries' (the loop form's lanesOf).
  (func (export "armijoColumns64")
    (param $u i32) (param $x i32) (param $gx i32) (param $c i32) (param $up i32) (param $dp i32)
    (param $A i32) (param $B i32) (param $GA i32) (param $GB i32)
    (param $eta i32) (param $rem i32) (param $baseOf i32) (param $ddOf i32)
    (param $n i32) (param $k i32) (param $GT i32) (param $eta0 f64) (param $negC f64) (param $trials i32)
    (local $j i32) (local $o i32) (local $e i32) (local $end i32) (local $pend i32) (local $kb i32)
    (local $known i32) (local $pj i32) (local $f i32) (local $ok i32)
    (local $ui f64) (local $gi f64) (local $di f64) (local $du f64)
    (local $sy f64) (local $ss f64) (local $dd f64) (local $base f64) (local $bb f64)
    (local $ai f64) (local $bi f64)
    (local $c1 f64) (local $c2 f64) (local $c3 f64) (local $c4 f64)
    (local $F f64) (local $t f64) (local $change f64)
    (local $U v128) (local $D v128) (local $DU v128) (local $T v128) (local $W v128)
    (local $vsy v128) (local $vss v128) (local $vdd v128)
    (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $v4 v128)
    (local.set $kb (i32.shl (local.get $k) (i32.const 3)))
    ;; Pass 1.
    (local.set $j (i32.const 0))
    (local.set $o (i32.const 0))
    (block $p1Done
      (loop $p1
        (br_if $p1Done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $pj (i32.shl (local.get $j) (i32.const 3)))
        (local.set $known (f64.ne (f64.load (i32.add (local.get $rem) (local.get $pj))) (f64.const 0)))
        (local.set $vsy (v128.const i64x2 0 0))
        (local.set $vss (v128.const i64x2 0 0))
        (local.set $vdd (v128.const i64x2 0 0))
        (local.set $e (local.get $o))
        (local.set $end (i32.add (local.get $o) (local.get $kb)))
        (local.set $pend (i32.sub (local.get $end) (i32.and (local.get $kb) (i32.const 8))))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (local.get $e) (local.get $pend)))
            (local.set $U (v128.load (i32.add (local.get $u) (local.get $e))))
            (local.set $D (f64x2.mul (f64x2.mul (f64x2.splat (f64.const 2)) (local.get $U))
              (f64x2.sub (v128.load (i32.add (local.get $gx) (local.get $e)))
                (v128.load (i32.add (local.get $c) (local.get $e))))))
            (local.set $vdd (f64x2.add (local.get $vdd) (f64x2.mul (local.get $D) (local.get $D))))
            (if (local.get $known)
              (then
                (local.set $DU (f64x2.sub (local.get $U) (v128.load (i32.add (local.get $up) (local.get $e)))))
                (local.set $vsy (f64x2.add (local.get $vsy) (f64x2.mul (local.get $DU)
                  (f64x2.sub (local.get $D) (v128.load (i32.add (local.get $dp) (local.get $e)))))))
                (local.set $vss (f64x2.add (local.get $vss) (f64x2.mul (local.get $DU) (local.get $DU))))))
            (v128.store (i32.add (local.get $up) (local.get $e)) (local.get $U))
            (v128.store (i32.add (local.get $dp) (local.get $e)) (local.get $D))
            (v128.store (i32.add (local.get $A) (local.get $e))
              (f64x2.mul (f64x2.mul (f64x2.splat (f64.const -2)) (local.get $U)) (local.get $D)))
            (v128.store (i32.add (local.get $B) (local.get $e)) (f64x2.mul (local.get $D) (local.get $D)))
            (local.set $e (i32.add (local.get $e) (i32.const 16)))
            (br $pairs)))
        (local.set $dd (f64x2.extract_lane 0 (local.get $vdd)))
        (local.set $sy (f64x2.extract_lane 0 (local.get $vsy)))
        (local.set $ss (f64x2.extract_lane 0 (local.get $vss)))
        (if (i32.lt_u (local.get $e) (local.get $end))
          (then
            (local.set $ui (f64.load (i32.add (local.get $u) (local.get $e))))
            (local.set $gi (f64.sub (f64.load (i32.add (local.get $gx) (local.get $e)))
              (f64.load (i32.add (local.get $c) (local.get $e)))))
            (local.set $di (f64.mul (f64.mul (f64.const 2) (local.get $ui)) (local.get $gi)))
            (local.set $dd (f64.add (local.get $dd) (f64.mul (local.get $di) (local.get $di))))
            (if (local.get $known)
              (then
                (local.set $du (f64.sub (local.get $ui) (f64.load (i32.add (local.get $up) (local.get $e)))))
                (local.set $sy (f64.add (local.get $sy) (f64.mul (local.get $du)
                  (f64.sub (local.get $di) (f64.load (i32.add (local.get $dp) (local.get $e)))))))
                (local.set $ss (f64.add (local.get $ss) (f64.mul (local.get $du) (local.get $du))))))
            (f64.store (i32.add (local.get $up) (local.get $e)) (local.get $ui))
            (f64.store (i32.add (local.get $dp) (local.get $e)) (local.get $di))
            (f64.store (i32.add (local.get $A) (local.get $e))
              (f64.mul (f64.mul (f64.const -2) (local.get $ui)) (local.get $di)))
            (f64.store (i32.add (local.get $B) (local.get $e)) (f64.mul (local.get $di) (local.get $di)))))
        (local.set $dd (f64.add (local.get $dd) (f64x2.extract_lane 1 (local.get $vdd))))
        (local.set $sy (f64.add (local.get $sy) (f64x2.extract_lane 1 (local.get $vsy))))
        (local.set $ss (f64.add (local.get $ss) (f64x2.extract_lane 1 (local.get $vss))))
        (if (i32.and (local.get $known) (f64.gt (local.get $sy) (f64.const 0)))
          (then (local.set $bb (f64.div (local.get $ss) (local.get $sy))))
          (else (local.set $bb (f64.mul (f64.const 2) (f64.load (i32.add (local.get $eta) (local.get $pj)))))))
        (local.set $base (f64.min
          (f64.max (local.get $bb) (f64.mul (local.get $eta0) (f64.const 1e-12)))
          (f64.mul (local.get $eta0) (f64.const 1e9))))
        (f64.store (i32.add (local.get $rem) (local.get $pj)) (f64.const 1))
        (f64.store (i32.add (local.get $baseOf) (local.get $pj)) (local.get $base))
        (f64.store (i32.add (local.get $ddOf) (local.get $pj)) (local.get $dd))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (local.set $o (local.get $end))
        (br $p1)))
    (call $gramColumns64 (local.get $A) (local.get $n) (local.get $k) (local.get $GT) (i32.const 0) (local.get $GA))
    (call $gramColumns64 (local.get $B) (local.get $n) (local.get $k) (local.get $GT) (i32.const 0) (local.get $GB))
    ;; Pass 2.
    (local.set $j (i32.const 0))
    (local.set $o (i32.const 0))
    (block $p2Done
      (loop $p2
        (br_if $p2Done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $pj (i32.shl (local.get $j) (i32.const 3)))
        (local.set $v1 (v128.const i64x2 0 0))
        (local.set $v2 (v128.const i64x2 0 0))
        (local.set $v3 (v128.const i64x2 0 0))
        (local.set $v4 (v128.const i64x2 0 0))
        (local.set $e (local.get $o))
        (local.set $end (i32.add (local.get $o) (local.get $kb)))
        (local.set $pend (i32.sub (local.get $end) (i32.and (local.get $kb) (i32.const 8))))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (local.get $e) (local.get $pend)))
            (local.set $U (f64x2.sub (v128.load (i32.add (local.get $gx) (local.get $e)))
              (v128.load (i32.add (local.get $c) (local.get $e)))))
            (local.set $DU (v128.load (i32.add (local.get $A) (local.get $e))))
            (local.set $W (v128.load (i32.add (local.get $B) (local.get $e))))
            (local.set $T (v128.load (i32.add (local.get $GB) (local.get $e))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $DU) (local.get $U))))
            (local.set $v2 (f64x2.add (local.get $v2) (f64x2.add (f64x2.mul (local.get $W) (local.get $U))
              (f64x2.mul (f64x2.mul (f64x2.splat (f64.const 0.5)) (local.get $DU))
                (v128.load (i32.add (local.get $GA) (local.get $e)))))))
            (local.set $v3 (f64x2.add (local.get $v3) (f64x2.mul (local.get $DU) (local.get $T))))
            (local.set $v4 (f64x2.add (local.get $v4)
              (f64x2.mul (f64x2.mul (f64x2.splat (f64.const 0.5)) (local.get $W)) (local.get $T))))
            (local.set $e (i32.add (local.get $e) (i32.const 16)))
            (br $pairs)))
        (local.set $c1 (f64x2.extract_lane 0 (local.get $v1)))
        (local.set $c2 (f64x2.extract_lane 0 (local.get $v2)))
        (local.set $c3 (f64x2.extract_lane 0 (local.get $v3)))
        (local.set $c4 (f64x2.extract_lane 0 (local.get $v4)))
        (if (i32.lt_u (local.get $e) (local.get $end))
          (then
            (local.set $gi (f64.sub (f64.load (i32.add (local.get $gx) (local.get $e)))
              (f64.load (i32.add (local.get $c) (local.get $e)))))
            (local.set $ai (f64.load (i32.add (local.get $A) (local.get $e))))
            (local.set $bi (f64.load (i32.add (local.get $B) (local.get $e))))
            (local.set $c1 (f64.add (local.get $c1) (f64.mul (local.get $ai) (local.get $gi))))
            (local.set $c2 (f64.add (local.get $c2) (f64.add (f64.mul (local.get $bi) (local.get $gi))
              (f64.mul (f64.mul (f64.const 0.5) (local.get $ai)) (f64.load (i32.add (local.get $GA) (local.get $e)))))))
            (local.set $c3 (f64.add (local.get $c3)
              (f64.mul (local.get $ai) (f64.load (i32.add (local.get $GB) (local.get $e))))))
            (local.set $c4 (f64.add (local.get $c4)
              (f64.mul (f64.mul (f64.const 0.5) (local.get $bi)) (f64.load (i32.add (local.get $GB) (local.get $e))))))))
        (local.set $c1 (f64.add (local.get $c1) (f64x2.extract_lane 1 (local.get $v1))))
        (local.set $c2 (f64.add (local.get $c2) (f64x2.extract_lane 1 (local.get $v2))))
        (local.set $c3 (f64.add (local.get $c3) (f64x2.extract_lane 1 (local.get $v3))))
        (local.set $c4 (f64.add (local.get $c4) (f64x2.extract_lane 1 (local.get $v4))))
        (local.set $base (f64.load (i32.add (local.get $baseOf) (local.get $pj))))
        (local.set $dd (f64.load (i32.add (local.get $ddOf) (local.get $pj))))
        (local.set $F (f64.const 1))
        (local.set $f (i32.const 0))
        (local.set $ok (i32.const 0))
        (block $trialsDone
          (loop $trials
            (br_if $trialsDone (i32.ge_u (local.get $f) (local.get $trials)))
            (local.set $t (f64.mul (local.get $base) (local.get $F)))
            (local.set $T (f64x2.splat (local.get $t)))
            (block $next
              ;; u − t·d ≥ 0 entrywise.
              (local.set $e (local.get $o))
              (block $checked
                (loop $nonNegative
                  (br_if $checked (i32.ge_u (local.get $e) (local.get $pend)))
                  (br_if $next (v128.any_true (f64x2.lt
                    (f64x2.sub (v128.load (i32.add (local.get $u) (local.get $e)))
                      (f64x2.mul (local.get $T) (v128.load (i32.add (local.get $dp) (local.get $e)))))
                    (v128.const i64x2 0 0))))
                  (local.set $e (i32.add (local.get $e) (i32.const 16)))
                  (br $nonNegative)))
              (if (i32.lt_u (local.get $e) (local.get $end))
                (then (br_if $next (f64.lt
                  (f64.sub (f64.load (i32.add (local.get $u) (local.get $e)))
                    (f64.mul (local.get $t) (f64.load (i32.add (local.get $dp) (local.get $e)))))
                  (f64.const 0)))))
              (local.set $change (f64.mul (local.get $t) (f64.add (local.get $c1) (f64.mul (local.get $t)
                (f64.add (local.get $c2) (f64.mul (local.get $t)
                  (f64.add (local.get $c3) (f64.mul (local.get $t) (local.get $c4)))))))))
              (br_if $next (i32.eqz (f64.le (local.get $change)
                (f64.mul (f64.mul (local.get $negC) (local.get $t)) (local.get $dd)))))
              (local.set $e (local.get $o))
              (block $movedPairs
                (loop $move
                  (br_if $movedPairs (i32.ge_u (local.get $e) (local.get $pend)))
                  (local.set $U (f64x2.sub (v128.load (i32.add (local.get $u) (local.get $e)))
                    (f64x2.mul (local.get $T) (v128.load (i32.add (local.get $dp) (local.get $e))))))
                  ;; |u| < 1e-140 flushed to +0 (andnot clears every bit of such a lane).
                  (local.set $U (v128.andnot (local.get $U)
                    (f64x2.lt (f64x2.abs (local.get $U)) (f64x2.splat (f64.const 1e-140)))))
                  (v128.store (i32.add (local.get $u) (local.get $e)) (local.get $U))
                  (v128.store (i32.add (local.get $x) (local.get $e)) (f64x2.mul (local.get $U) (local.get $U)))
                  (v128.store (i32.add (local.get $gx) (local.get $e))
                    (f64x2.add (v128.load (i32.add (local.get $gx) (local.get $e)))
                      (f64x2.mul (local.get $T) (f64x2.add (v128.load (i32.add (local.get $GA) (local.get $e)))
                        (f64x2.mul (local.get $T) (v128.load (i32.add (local.get $GB) (local.get $e))))))))
                  (local.set $e (i32.add (local.get $e) (i32.const 16)))
                  (br $move)))
              (if (i32.lt_u (local.get $e) (local.get $end))
                (then
                  (local.set $ui (f64.sub (f64.load (i32.add (local.get $u) (local.get $e)))
                    (f64.mul (local.get $t) (f64.load (i32.add (local.get $dp) (local.get $e))))))
                  (if (f64.lt (f64.abs (local.get $ui)) (f64.const 1e-140))
                    (then (local.set $ui (f64.const 0))))
                  (f64.store (i32.add (local.get $u) (local.get $e)) (local.get $ui))
                  (f64.store (i32.add (local.get $x) (local.get $e)) (f64.mul (local.get $ui) (local.get $ui)))
                  (f64.store (i32.add (local.get $gx) (local.get $e))
                    (f64.add (f64.load (i32.add (local.get $gx) (local.get $e)))
                      (f64.mul (local.get $t) (f64.add (f64.load (i32.add (local.get $GA) (local.get $e)))
                        (f64.mul (local.get $t) (f64.load (i32.add (local.get $GB) (local.get $e))))))))))
              (f64.store (i32.add (local.get $eta) (local.get $pj)) (local.get $t))
              (local.set $ok (i32.const 1))
              (br $trialsDone))
            (local.set $F (f64.mul (local.get $F) (f64.const 0.5)))
            (local.set $f (i32.add (local.get $f) (i32.const 1)))
            (br $trials)))
        (if (i32.eqz (local.get $ok))
          (then (f64.store (i32.add (local.get $eta) (local.get $pj))
            (f64.mul (f64.mul (local.get $base) (f64.mul (local.get $F) (f64.const 2))) (f64.const 0.5)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (local.set $o (local.get $end))
        (br $p2)))
  )
;;
  ;; ---- gramHalfStep's exact step, float64 (gram-steps-overparam.ts) ----
  ;; The passes of one step of n columns of k around the line search (the loop form's
  ;; operations in its order: the same bits); pointers at the first column, a1 … a4 and gMax
  ;; one float64 per column. exactCoefficients64: g = gx − c, q₁ = −2x⊙g, q₂ = x⊙g² (into Q1,
  ;; Q2), G·q₁, G·q₂ (gramColumns64, M = Gᵀ), the quartic's a1 … a4 and max |g| per column.
  (func (export "exactCoefficients64")
    (param $x i32) (param $gx i32) (param $c i32) (param $Q1 i32) (param $Q2 i32)
    (param $GQ1 i32) (param $GQ2 i32) (param $a1 i32) (param $a2 i32) (param $a3 i32)
    (param $a4 i32) (param $gMax i32) (param $n i32) (param $k i32) (param $GT i32)
    (local $j i32) (local $e i32) (local $end i32) (local $kb i32) (local $pj i32)
    (local $gi f64) (local $xi f64) (local $q1 f64) (local $q2 f64)
    (local $s1 f64) (local $s2 f64) (local $s3 f64) (local $s4 f64) (local $m f64)
    (local.set $kb (i32.shl (local.get $k) (i32.const 3)))
    (local.set $j (i32.const 0))
    (local.set $e (i32.const 0))
    (block $p1Done
      (loop $p1
        (br_if $p1Done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $s1 (f64.const 0))
        (local.set $m (f64.const 0))
        (local.set $end (i32.add (local.get $e) (local.get $kb)))
        (loop $entries
          (local.set $gi (f64.sub (f64.load (i32.add (local.get $gx) (local.get $e)))
            (f64.load (i32.add (local.get $c) (local.get $e)))))
          (local.set $xi (f64.load (i32.add (local.get $x) (local.get $e))))
          (local.set $q1 (f64.mul (f64.mul (f64.const -2) (local.get $xi)) (local.get $gi)))
          (f64.store (i32.add (local.get $Q1) (local.get $e)) (local.get $q1))
          (f64.store (i32.add (local.get $Q2) (local.get $e))
            (f64.mul (f64.mul (local.get $xi) (local.get $gi)) (local.get $gi)))
          (local.set $s1 (f64.add (local.get $s1) (f64.mul (local.get $gi) (local.get $q1))))
          (local.set $m (f64.max (local.get $m) (f64.abs (local.get $gi))))
          (local.set $e (i32.add (local.get $e) (i32.const 8)))
          (br_if $entries (i32.lt_u (local.get $e) (local.get $end))))
        (local.set $pj (i32.shl (local.get $j) (i32.const 3)))
        (f64.store (i32.add (local.get $a1) (local.get $pj)) (local.get $s1))
        (f64.store (i32.add (local.get $gMax) (local.get $pj)) (local.get $m))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $p1)))
    (call $gramColumns64 (local.get $Q1) (local.get $n) (local.get $k) (local.get $GT) (i32.const 0) (local.get $GQ1))
    (call $gramColumns64 (local.get $Q2) (local.get $n) (local.get $k) (local.get $GT) (i32.const 0) (local.get $GQ2))
    (local.set $j (i32.const 0))
    (local.set $e (i32.const 0))
    (block $p2Done
      (loop $p2
        (br_if $p2Done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $s2 (f64.const 0))
        (local.set $s3 (f64.const 0))
        (local.set $s4 (f64.const 0))
        (local.set $end (i32.add (local.get $e) (local.get $kb)))
        (loop $sums
          (local.set $q1 (f64.load (i32.add (local.get $Q1) (local.get $e))))
          (local.set $q2 (f64.load (i32.add (local.get $Q2) (local.get $e))))
          (local.set $s2 (f64.add (local.get $s2) (f64.add
            (f64.mul (f64.sub (f64.load (i32.add (local.get $gx) (local.get $e)))
              (f64.load (i32.add (local.get $c) (local.get $e)))) (local.get $q2))
            (f64.mul (f64.mul (f64.const 0.5) (local.get $q1)) (f64.load (i32.add (local.get $GQ1) (local.get $e)))))))
          (local.set $s3 (f64.add (local.get $s3)
            (f64.mul (local.get $q1) (f64.load (i32.add (local.get $GQ2) (local.get $e))))))
          (local.set $s4 (f64.add (local.get $s4)
            (f64.mul (f64.mul (f64.const 0.5) (local.get $q2)) (f64.load (i32.add (local.get $GQ2) (local.get $e))))))
          (local.set $e (i32.add (local.get $e) (i32.const 8)))
          (br_if $sums (i32.lt_u (local.get $e) (local.get $end))))
        (local.set $pj (i32.shl (local.get $j) (i32.const 3)))
        (f64.store (i32.add (local.get $a2) (local.get $pj)) (local.get $s2))
        (f64.store (i32.add (local.get $a3) (local.get $pj)) (local.get $s3))
        (f64.store (i32.add (local.get $a4) (local.get $pj)) (local.get $s4))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $p2)))
  )

  ;; exactMove64: each column with a step (not NaN, the search's "no move") whose gx increment
  ;; s·(G·q₁ + s·G·q₂) is finite everywhere moves: u ← flushed(u⊙(1 − s·g)), x = u², gx += it.
  ;; Two entries at a time (f64x2: elementwise, the same bits as one at a time), the last one
  ;; alone when k is odd.
  (func (export "exactMove64")
    (param $u i32) (param $x i32) (param $gx i32) (param $c i32) (param $GQ1 i32) (param $GQ2 i32)
    (param $steps i32) (param $n i32) (param $k i32)
    (local $j i32) (local $e i32) (local $end i32) (local $pairsEnd i32) (local $kb i32)
    (local $t f64) (local $v f64) (local $ui f64)
    (local $tv v128) (local $vv v128) (local $uv v128)
    (local.set $kb (i32.shl (local.get $k) (i32.const 3)))
    (local.set $j (i32.const 0))
    (local.set $e (i32.const 0))
    (block $done
      (loop $columns
        (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $end (i32.add (local.get $e) (local.get $kb)))
        (local.set $pairsEnd (i32.sub (local.get $end) (i32.and (local.get $kb) (i32.const 8))))
        (local.set $t (f64.load (i32.add (local.get $steps) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $tv (f64x2.splat (local.get $t)))
        (block $skip
          (br_if $skip (f64.ne (local.get $t) (local.get $t)))
          (block $pairsChecked
            (loop $finitePairs
              (br_if $pairsChecked (i32.ge_u (local.get $e) (local.get $pairsEnd)))
              (local.set $vv (f64x2.mul (local.get $tv) (f64x2.add (v128.load (i32.add (local.get $GQ1) (local.get $e)))
                (f64x2.mul (local.get $tv) (v128.load (i32.add (local.get $GQ2) (local.get $e)))))))
              (br_if $skip (v128.any_true
                (f64x2.ne (f64x2.sub (local.get $vv) (local.get $vv)) (v128.const i64x2 0 0))))
              (local.set $e (i32.add (local.get $e) (i32.const 16)))
              (br $finitePairs)))
          (if (i32.lt_u (local.get $e) (local.get $end))
            (then
              (local.set $v (f64.mul (local.get $t) (f64.add (f64.load (i32.add (local.get $GQ1) (local.get $e)))
                (f64.mul (local.get $t) (f64.load (i32.add (local.get $GQ2) (local.get $e)))))))
              (br_if $skip (f64.ne (f64.sub (local.get $v) (local.get $v)) (f64.const 0)))))
          (local.set $e (i32.sub (local.get $end) (local.get $kb)))
          (block $pairsMoved
            (loop $movePairs
              (br_if $pairsMoved (i32.ge_u (local.get $e) (local.get $pairsEnd)))
              (local.set $uv (f64x2.mul (v128.load (i32.add (local.get $u) (local.get $e)))
                (f64x2.sub (f64x2.splat (f64.const 1)) (f64x2.mul (local.get $tv)
                  (f64x2.sub (v128.load (i32.add (local.get $gx) (local.get $e)))
                    (v128.load (i32.add (local.get $c) (local.get $e))))))))
              (local.set $uv (v128.andnot (local.get $uv)
                (f64x2.lt (f64x2.abs (local.get $uv)) (f64x2.splat (f64.const 1e-140)))))
              (v128.store (i32.add (local.get $u) (local.get $e)) (local.get $uv))
              (v128.store (i32.add (local.get $x) (local.get $e)) (f64x2.mul (local.get $uv) (local.get $uv)))
              (v128.store (i32.add (local.get $gx) (local.get $e))
                (f64x2.add (v128.load (i32.add (local.get $gx) (local.get $e)))
                  (f64x2.mul (local.get $tv) (f64x2.add (v128.load (i32.add (local.get $GQ1) (local.get $e)))
                    (f64x2.mul (local.get $tv) (v128.load (i32.add (local.get $GQ2) (local.get $e))))))))
              (local.set $e (i32.add (local.get $e) (i32.const 16)))
              (br $movePairs)))
          (if (i32.lt_u (local.get $e) (local.get $end))
            (then
              (local.set $ui (f64.mul (f64.load (i32.add (local.get $u) (local.get $e)))
                (f64.sub (f64.const 1) (f64.mul (local.get $t)
                  (f64.sub (f64.load (i32.add (local.get $gx) (local.get $e)))
                    (f64.load (i32.add (local.get $c) (local.get $e))))))))
              (if (f64.lt (f64.abs (local.get $ui)) (f64.const 1e-140))
                (then (local.set $ui (f64.const 0))))
              (f64.store (i32.add (local.get $u) (local.get $e)) (local.get $ui))
              (f64.store (i32.add (local.get $x) (local.get $e)) (f64.mul (local.get $ui) (local.get $ui)))
              (f64.store (i32.add (local.get $gx) (local.get $e))
                (f64.add (f64.load (i32.add (local.get $gx) (local.get $e)))
                  (f64.mul (local.get $t) (f64.add (f64.load (i32.add (local.get $GQ1) (local.get $e)))
                    (f64.mul (local.get $t) (f64.load (i32.add (local.get $GQ2) (local.get $e)))))))))))
        (local.set $e (local.get $end))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $columns)))
  )
;;
  ;; ---- The BB state's pairs from and to rows (bb-state.ts's PairState.load / solution) ----
  ;; pairsFromRows32: rows (`r × n` float32 row-major, row j = column j of the problem) into
  ;; pairs (float64, column j's entry i at ((j >> 1)·n + i)·2 + (j & 1)); the second lane of an
  ;; odd r's last pair is left as it was. pairsToRows32 the other way, rounded to float32.
  (func (export "pairsFromRows32") (param $src i32) (param $dst i32) (param $r i32) (param $n i32)
    (local $j i32) (local $a i32) (local $end i32) (local $o i32)
    (local.set $j (i32.const 0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $j) (local.get $r)))
        (local.set $a (i32.add (local.get $src) (i32.shl (i32.mul (local.get $j) (local.get $n)) (i32.const 2))))
        (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $dst)
          (i32.add (i32.shl (i32.mul (i32.shr_u (local.get $j) (i32.const 1)) (local.get $n)) (i32.const 4))
            (i32.shl (i32.and (local.get $j) (i32.const 1)) (i32.const 3)))))
        (block $rowDone
          (loop $entries
            (br_if $rowDone (i32.ge_u (local.get $a) (local.get $end)))
            (f64.store (local.get $o) (f64.promote_f32 (f32.load (local.get $a))))
            (local.set $a (i32.add (local.get $a) (i32.const 4)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $entries)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows)))
  )
  (func (export "pairsToRows32") (param $src i32) (param $dst i32) (param $r i32) (param $n i32)
    (local $j i32) (local $a i32) (local $end i32) (local $o i32)
    (local.set $j (i32.const 0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $j) (local.get $r)))
        (local.set $a (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $j) (local.get $n)) (i32.const 2))))
        (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $src)
          (i32.add (i32.shl (i32.mul (i32.shr_u (local.get $j) (i32.const 1)) (local.get $n)) (i32.const 4))
            (i32.shl (i32.and (local.get $j) (i32.const 1)) (i32.const 3)))))
        (block $rowDone
          (loop $entries
            (br_if $rowDone (i32.ge_u (local.get $a) (local.get $end)))
            (f32.store (local.get $a) (f32.demote_f64 (f64.load (local.get $o))))
            (local.set $a (i32.add (local.get $a) (i32.const 4)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $entries)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows)))
  )
;;
  ;; ---- Layouts of float32 matrices (the products' padded factors, transposes) ----
  ;; spreadRows32: the `rows × k` floats at $at (row-major) spread in place to `rows × kp`
  ;; (kp ≥ k), zeros in the padding columns and in the rows from `rows` to `total`. The last
  ;; row first: a row's new place is at or after its old one. packRows32: the other way (the
  ;; first k columns of `rows × kp` packed in place to `rows × k`, the first row first).
  (func (export "spreadRows32") (param $at i32) (param $rows i32) (param $k i32) (param $kp i32)
    (param $total i32)
    (local $i i32) (local $kb i32) (local $pb i32)
    (local.set $kb (i32.shl (local.get $k) (i32.const 2)))
    (local.set $pb (i32.shl (local.get $kp) (i32.const 2)))
    (memory.fill (i32.add (local.get $at) (i32.mul (local.get $rows) (local.get $pb)))
      (i32.const 0) (i32.mul (i32.sub (local.get $total) (local.get $rows)) (local.get $pb)))
    (local.set $i (local.get $rows))
    (block $done
      (loop $rowsLoop
        (br_if $done (i32.eqz (local.get $i)))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (memory.copy (i32.add (local.get $at) (i32.mul (local.get $i) (local.get $pb)))
          (i32.add (local.get $at) (i32.mul (local.get $i) (local.get $kb))) (local.get $kb))
        (memory.fill (i32.add (local.get $at) (i32.add (i32.mul (local.get $i) (local.get $pb)) (local.get $kb)))
          (i32.const 0) (i32.sub (local.get $pb) (local.get $kb)))
        (br $rowsLoop)))
  )
  (func (export "packRows32") (param $at i32) (param $rows i32) (param $k i32) (param $kp i32)
    (local $i i32) (local $kb i32) (local $pb i32)
    (local.set $kb (i32.shl (local.get $k) (i32.const 2)))
    (local.set $pb (i32.shl (local.get $kp) (i32.const 2)))
    (block $done
      (loop $rowsLoop
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (memory.copy (i32.add (local.get $at) (i32.mul (local.get $i) (local.get $kb)))
          (i32.add (local.get $at) (i32.mul (local.get $i) (local.get $pb))) (local.get $kb))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rowsLoop)))
  )
  ;; transpose32: dst (`cols × rows`) = srcᵀ for src `rows × cols`, float32, row-major, the two
  ;; not overlapping; $dstStride: floats between dst's rows (≥ rows; the columns past rows are
  ;; zeroed up to it). In tiles of 8 × 8 (both arrays' lines stay cached).
  (func (export "transpose32") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (param $dstStride i32)
    (local $i0 i32) (local $j0 i32) (local $i i32) (local $j i32) (local $i1 i32) (local $j1 i32)
    (local $sb i32) (local $db i32)
    (local.set $sb (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $db (i32.shl (local.get $dstStride) (i32.const 2)))
    (block $iDone
      (loop $iTiles
        (br_if $iDone (i32.ge_u (local.get $i0) (local.get $rows)))
        (local.set $i1 (select (i32.add (local.get $i0) (i32.const 8)) (local.get $rows)
          (i32.lt_u (i32.add (local.get $i0) (i32.const 8)) (local.get $rows))))
        (local.set $j0 (i32.const 0))
        (block $jDone
          (loop $jTiles
            (br_if $jDone (i32.ge_u (local.get $j0) (local.get $cols)))
            (local.set $j1 (select (i32.add (local.get $j0) (i32.const 8)) (local.get $cols)
              (i32.lt_u (i32.add (local.get $j0) (i32.const 8)) (local.get $cols))))
            (local.set $j (local.get $j0))
            (loop $jLoop
              (local.set $i (local.get $i0))
              (loop $iLoop
                (f32.store (i32.add (local.get $dst)
                    (i32.add (i32.mul (local.get $j) (local.get $db)) (i32.shl (local.get $i) (i32.const 2))))
                  (f32.load (i32.add (local.get $src)
                    (i32.add (i32.mul (local.get $i) (local.get $sb)) (i32.shl (local.get $j) (i32.const 2))))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br_if $iLoop (i32.lt_u (local.get $i) (local.get $i1))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br_if $jLoop (i32.lt_u (local.get $j) (local.get $j1))))
            (local.set $j0 (local.get $j1))
            (br $jTiles)))
        (local.set $i0 (local.get $i1))
        (br $iTiles)))
    (if (i32.gt_u (local.get $dstStride) (local.get $rows))
      (then
        (local.set $j (i32.const 0))
        (block $padDone
          (loop $pad
            (br_if $padDone (i32.ge_u (local.get $j) (local.get $cols)))
            (memory.fill (i32.add (i32.add (local.get $dst) (i32.mul (local.get $j) (local.get $db)))
                (i32.shl (local.get $rows) (i32.const 2)))
              (i32.const 0) (i32.shl (i32.sub (local.get $dstStride) (local.get $rows)) (i32.const 2)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $pad)))))
  )
;;
  ;; ---- Extrapolation of the factors (nmf/extrapolation.ts's extrapolateInto) ----
  ;; out = max(c + β·(c − p), 0) entrywise for c = current, p = previous, then p ← c: n entries,
  ;; float32 (extrapolate32) or float64 (extrapolate64) arrays, the arithmetic in float64 as
  ;; JavaScript does it (then rounded to float32 on the store): the same bits. Two at a time; c
  ;; is read before out is written, so out may be current (the start made in place).
  (func (export "extrapolate32")
    (param $out i32) (param $cur i32) (param $prev i32) (param $n i32) (param $beta f64)
    (local $e i32) (local $pairsEnd i32) (local $end i32) (local $b v128) (local $c v128)
    (local $pair v128) (local $cs f64)
    (local.set $b (f64x2.splat (local.get $beta)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $pairsEnd (i32.and (local.get $end) (i32.const -8)))
    (local.set $e (i32.const 0))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.ge_u (local.get $e) (local.get $pairsEnd)))
        (local.set $pair (v128.load64_zero (i32.add (local.get $cur) (local.get $e))))
        (local.set $c (f64x2.promote_low_f32x4 (local.get $pair)))
        (v128.store64_lane 0 (i32.add (local.get $out) (local.get $e))
          (f32x4.demote_f64x2_zero (f64x2.max
            (f64x2.add (local.get $c) (f64x2.mul (local.get $b) (f64x2.sub (local.get $c)
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $prev) (local.get $e)))))))
            (v128.const i64x2 0 0))))
        (v128.store64_lane 0 (i32.add (local.get $prev) (local.get $e)) (local.get $pair))
        (local.set $e (i32.add (local.get $e) (i32.const 8)))
        (br $pairs)))
    (if (i32.lt_u (local.get $e) (local.get $end))
      (then
        (local.set $cs (f64.promote_f32 (f32.load (i32.add (local.get $cur) (local.get $e)))))
        (f32.store (i32.add (local.get $out) (local.get $e))
          (f32.demote_f64 (f64.max
            (f64.add (local.get $cs) (f64.mul (local.get $beta) (f64.sub (local.get $cs)
              (f64.promote_f32 (f32.load (i32.add (local.get $prev) (local.get $e)))))))
            (f64.const 0))))
        (f32.store (i32.add (local.get $prev) (local.get $e)) (f32.demote_f64 (local.get $cs)))))
  )
  (func (export "extrapolate64")
    (param $out i32) (param $cur i32) (param $prev i32) (param $n i32) (param $beta f64)
    (local $e i32) (local $pairsEnd i32) (local $end i32) (local $b v128) (local $c v128)
    (local $cs f64)
    (local.set $b (f64x2.splat (local.get $beta)))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (local.set $pairsEnd (i32.and (local.get $end) (i32.const -16)))
    (local.set $e (i32.const 0))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.ge_u (local.get $e) (local.get $pairsEnd)))
        (local.set $c (v128.load (i32.add (local.get $cur) (local.get $e))))
        (v128.store (i32.add (local.get $out) (local.get $e))
          (f64x2.max
            (f64x2.add (local.get $c) (f64x2.mul (local.get $b) (f64x2.sub (local.get $c)
              (v128.load (i32.add (local.get $prev) (local.get $e))))))
            (v128.const i64x2 0 0)))
        (v128.store (i32.add (local.get $prev) (local.get $e)) (local.get $c))
        (local.set $e (i32.add (local.get $e) (i32.const 16)))
        (br $pairs)))
    (if (i32.lt_u (local.get $e) (local.get $end))
      (then
        (local.set $cs (f64.load (i32.add (local.get $cur) (local.get $e))))
        (f64.store (i32.add (local.get $out) (local.get $e))
          (f64.max
            (f64.add (local.get $cs) (f64.mul (local.get $beta) (f64.sub (local.get $cs)
              (f64.load (i32.add (local.get $prev) (local.get $e))))))
            (f64.const 0)))
        (f64.store (i32.add (local.get $prev) (local.get $e)) (local.get $cs))))
  )
;;
  ;; ---- A float64 array rounded to float32 (host-loops.ts's rounded32) ----
  ;; out[i] = a[i] rounded to float32 (to nearest, ties to even: Float32Array.set's values) for
  ;; i < n, four at a time (two f64x2 demoted, their low halves joined), the last n mod 4 alone.
  (func (export "rounded32") (param $a i32) (param $out i32) (param $n i32)
    (local $e i32) (local $o i32) (local $end i32) (local $quadsEnd i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (local.set $quadsEnd (i32.and (local.get $end) (i32.const -32)))
    (local.set $e (i32.const 0))
    (local.set $o (local.get $out))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.ge_u (local.get $e) (local.get $quadsEnd)))
        (v128.store (local.get $o)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (v128.load (i32.add (local.get $a) (local.get $e))))
            (f32x4.demote_f64x2_zero (v128.load offset=16 (i32.add (local.get $a) (local.get $e))))))
        (local.set $e (i32.add (local.get $e) (i32.const 32)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $quads)))
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_u (local.get $e) (local.get $end)))
        (f32.store (local.get $o) (f32.demote_f64 (f64.load (i32.add (local.get $a) (local.get $e)))))
        (local.set $e (i32.add (local.get $e) (i32.const 8)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $rest)))
  )
;;
  ;; ---- gramHalfStep's residual check, float64 (gram-steps-chunk.ts's residualSums) ----
  ;; Over n entries: Σ min(λ·x, g)² into out[0] and Σ x·(g − c) into out[1], each the sum of
  ;; two lane sums, the even entries' (an odd n's last entry last) plus the odd entries', in
  ;; order (the loop form's). min as pmin (b < a ? b : a): the same value as f64.min where no
  ;; operand is NaN, and where one is, Σ x·(g − c) is NaN too and the caller discards the sums.
  (func (export "residualSums64")
    (param $x i32) (param $g i32) (param $c i32) (param $lip f64) (param $n i32) (param $out i32)
    (local $e i32) (local $end i32) (local $pend i32) (local $m f64) (local $gi f64)
    (local $s f64) (local $o f64) (local $l v128) (local $vx v128) (local $vg v128)
    (local $vm v128) (local $vs v128) (local $vo v128)
    (local.set $l (f64x2.splat (local.get $lip)))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (local.set $pend (i32.and (local.get $end) (i32.const -16)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $e) (local.get $pend)))
        (local.set $vx (v128.load (i32.add (local.get $x) (local.get $e))))
        (local.set $vg (v128.load (i32.add (local.get $g) (local.get $e))))
        (local.set $vm (f64x2.pmin (f64x2.mul (local.get $l) (local.get $vx)) (local.get $vg)))
        (local.set $vs (f64x2.add (local.get $vs) (f64x2.mul (local.get $vm) (local.get $vm))))
        (local.set $vo (f64x2.add (local.get $vo) (f64x2.mul (local.get $vx)
          (f64x2.sub (local.get $vg) (v128.load (i32.add (local.get $c) (local.get $e)))))))
        (local.set $e (i32.add (local.get $e) (i32.const 16)))
        (br $pairs)))
    (local.set $s (f64x2.extract_lane 0 (local.get $vs)))
    (local.set $o (f64x2.extract_lane 0 (local.get $vo)))
    (if (i32.lt_u (local.get $e) (local.get $end))
      (then
        (local.set $gi (f64.load (i32.add (local.get $g) (local.get $e))))
        (local.set $m (f64.mul (local.get $lip) (f64.load (i32.add (local.get $x) (local.get $e)))))
        (local.set $m (select (local.get $gi) (local.get $m) (f64.lt (local.get $gi) (local.get $m))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $m) (local.get $m))))
        (local.set $o (f64.add (local.get $o) (f64.mul (f64.load (i32.add (local.get $x) (local.get $e)))
          (f64.sub (local.get $gi) (f64.load (i32.add (local.get $c) (local.get $e)))))))))
    (f64.store (local.get $out) (f64.add (local.get $s) (f64x2.extract_lane 1 (local.get $vs))))
    (f64.store offset=8 (local.get $out) (f64.add (local.get $o) (f64x2.extract_lane 1 (local.get $vo))))
  )
;;
  ;; ---- e^x, float64: fdlibm's __ieee754_exp as V8's Math.exp computes it (the same bits:
  ;; gram-steps' mirror step runs in WebAssembly and stays the loop form's) ----
  (func $exp64 (param $x f64) (result f64)
    (local $hx i32) (local $xsb i32) (local $k i32) (local $hi f64) (local $lo f64)
    (local $t f64) (local $c f64) (local $y f64) (local $twopk f64)
    (local.set $hx (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))
    (local.set $xsb (i32.shr_u (local.get $hx) (i32.const 31)))
    (local.set $hx (i32.and (local.get $hx) (i32.const 0x7fffffff)))
    (if (i32.ge_u (local.get $hx) (i32.const 0x40862E42))
      (then
        (if (i32.ge_u (local.get $hx) (i32.const 0x7ff00000))
          (then
            (if (f64.ne (local.get $x) (local.get $x)) (then (return (f64.add (local.get $x) (local.get $x)))))
            (if (local.get $xsb) (then (return (f64.const 0))))
            (return (local.get $x))))
        (if (f64.gt (local.get $x) (f64.const 7.09782712893383973096e+02))
          (then (return (f64.mul (f64.const 1e300) (f64.const 1e300)))))
        (if (f64.lt (local.get $x) (f64.const -7.45133219101941108420e+02))
          (then (return (f64.mul (f64.const 9.33263618503218878990e-302) (f64.const 9.33263618503218878990e-302)))))))
    (if (i32.gt_u (local.get $hx) (i32.const 0x3fd62e42))
      (then
        (if (i32.lt_u (local.get $hx) (i32.const 0x3FF0A2B2))
          (then
            (if (f64.eq (local.get $x) (f64.const 1)) (then (return (f64.const 2.718281828459045))))
            (if (local.get $xsb)
              (then
                (local.set $hi (f64.sub (local.get $x) (f64.const -6.93147180369123816490e-01)))
                (local.set $lo (f64.const -1.90821492927058770002e-10))
                (local.set $k (i32.const -1)))
              (else
                (local.set $hi (f64.sub (local.get $x) (f64.const 6.93147180369123816490e-01)))
                (local.set $lo (f64.const 1.90821492927058770002e-10))
                (local.set $k (i32.const 1)))))
          (else
            (local.set $k (i32.trunc_f64_s (f64.add (f64.mul (f64.const 1.44269504088896338700e+00) (local.get $x))
              (select (f64.const -0.5) (f64.const 0.5) (local.get $xsb)))))
            (local.set $t (f64.convert_i32_s (local.get $k)))
            (local.set $hi (f64.sub (local.get $x) (f64.mul (local.get $t) (f64.const 6.93147180369123816490e-01))))
            (local.set $lo (f64.mul (local.get $t) (f64.const 1.90821492927058770002e-10)))))
        (local.set $x (f64.sub (local.get $hi) (local.get $lo))))
      (else
        (if (i32.lt_u (local.get $hx) (i32.const 0x3e300000))
          (then (return (f64.add (f64.const 1) (local.get $x)))))))
    (local.set $t (f64.mul (local.get $x) (local.get $x)))
    (local.set $twopk (f64.reinterpret_i64 (i64.shl (i64.extend_i32_u
      (i32.add (i32.const 0x3ff00000) (i32.shl
        (select (local.get $k) (i32.add (local.get $k) (i32.const 1000)) (i32.ge_s (local.get $k) (i32.const -1021)))
        (i32.const 20)))) (i64.const 32))))
    (local.set $c (f64.sub (local.get $x) (f64.mul (local.get $t)
      (f64.add (f64.const 1.66666666666666019037e-01) (f64.mul (local.get $t)
        (f64.add (f64.const -2.77777777770155933842e-03) (f64.mul (local.get $t)
          (f64.add (f64.const 6.61375632143793436117e-05) (f64.mul (local.get $t)
            (f64.add (f64.const -1.65339022054652515390e-06) (f64.mul (local.get $t)
              (f64.const 4.13813679705723846039e-08))))))))))))
    (if (i32.eqz (local.get $k))
      (then (return (f64.sub (f64.const 1) (f64.sub
        (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (local.get $c) (f64.const 2)))
        (local.get $x))))))
    (local.set $y (f64.sub (f64.const 1) (f64.sub (f64.sub (local.get $lo)
      (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (f64.const 2) (local.get $c))))
      (local.get $hi))))
    (if (i32.ge_s (local.get $k) (i32.const -1021))
      (then
        (if (i32.eq (local.get $k) (i32.const 1024))
          (then (return (f64.mul (f64.mul (local.get $y) (f64.const 2)) (f64.const 8.988465674311579539e307)))))
        (return (f64.mul (local.get $y) (local.get $twopk)))))
    (f64.mul (f64.mul (local.get $y) (local.get $twopk)) (f64.const 9.33263618503218878990e-302))
  )
  (func (export "exp64") (param $x f64) (result f64) (call $exp64 (local.get $x)))
;;
  ;; dst[i] = e^src[i] for n entries, each as $exp64 computes it (the same bits). Four entries
  ;; at a time, as two pairs whose operations are interleaved (two independent chains for the
  ;; processor to overlap): where all four lie in 2⁻²⁸ ≤ |x| < 704 (no special value, no
  ;; subnormal result), fdlibm's three reductions are one: k = 0 for |x| ≤ ½ln2 (hi = x,
  ;; lo = 0), else k = (int)(x/ln2 ± ½), which is ±1 where fdlibm sets it so below 1.5·ln2 (with
  ;; the same hi and lo: t·ln2 is exact for t = ±1), and its k = 0 ending 1 − (xc/(c − 2) − x)
  ;; equals the general one with lo = 0; elsewhere, and for the last n mod 4 entries, $exp64
  ;; entry by entry. dst may be src.
  (func $expInto (export "expInto") (param $src i32) (param $dst i32) (param $n i32)
    (local $e i32) (local $end i32) (local $xa v128) (local $xb v128)
    (local $hxa v128) (local $kva v128) (local $ta v128) (local $hia v128) (local $loa v128)
    (local $ra v128) (local $ca v128) (local $ya v128) (local $hxb v128) (local $kvb v128)
    (local $tb v128) (local $hib v128) (local $lob v128) (local $rb v128) (local $cb v128) (local $yb v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $e) (i32.const 32)) (local.get $end)))
        (local.set $xa (v128.load (i32.add (local.get $src) (local.get $e))))
        (local.set $xb (v128.load offset=16 (i32.add (local.get $src) (local.get $e))))
        (local.set $hxa (v128.and (i64x2.shr_u (local.get $xa) (i32.const 32)) (i64x2.splat (i64.const 0x7fffffff))))
        (local.set $hxb (v128.and (i64x2.shr_u (local.get $xb) (i32.const 32)) (i64x2.splat (i64.const 0x7fffffff))))
        (if (i64x2.all_true (v128.and (v128.and
              (i64x2.ge_s (local.get $hxa) (i64x2.splat (i64.const 0x3e300000)))
              (i64x2.lt_s (local.get $hxa) (i64x2.splat (i64.const 0x40860000))))
              (v128.and
              (i64x2.ge_s (local.get $hxb) (i64x2.splat (i64.const 0x3e300000)))
              (i64x2.lt_s (local.get $hxb) (i64x2.splat (i64.const 0x40860000))))))
          (then
            ;; k, 0 where |x| ≤ ½ln2 (high word ≤ 0x3fd62e42), as i32 lanes 0 and 1, for each pair.
            (local.set $kva (v128.and
              (i32x4.trunc_sat_f64x2_s_zero (f64x2.add
                (f64x2.mul (f64x2.splat (f64.const 1.44269504088896338700e+00)) (local.get $xa))
                (v128.or (f64x2.splat (f64.const 0.5)) (v128.and (local.get $xa) (i64x2.splat (i64.const 0x8000000000000000))))))
              (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 ;; the masks' low words: i32 lanes 0, 1
                (i64x2.gt_s (local.get $hxa) (i64x2.splat (i64.const 0x3fd62e42)))
                (i64x2.gt_s (local.get $hxa) (i64x2.splat (i64.const 0x3fd62e42))))))
            (local.set $kvb (v128.and
              (i32x4.trunc_sat_f64x2_s_zero (f64x2.add
                (f64x2.mul (f64x2.splat (f64.const 1.44269504088896338700e+00)) (local.get $xb))
                (v128.or (f64x2.splat (f64.const 0.5)) (v128.and (local.get $xb) (i64x2.splat (i64.const 0x8000000000000000))))))
              (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 ;; the masks' low words: i32 lanes 0, 1
                (i64x2.gt_s (local.get $hxb) (i64x2.splat (i64.const 0x3fd62e42)))
                (i64x2.gt_s (local.get $hxb) (i64x2.splat (i64.const 0x3fd62e42))))))
            (local.set $ta (f64x2.convert_low_i32x4_s (local.get $kva)))
            (local.set $tb (f64x2.convert_low_i32x4_s (local.get $kvb)))
            (local.set $hia (f64x2.sub (local.get $xa) (f64x2.mul (local.get $ta) (f64x2.splat (f64.const 6.93147180369123816490e-01)))))
            (local.set $hib (f64x2.sub (local.get $xb) (f64x2.mul (local.get $tb) (f64x2.splat (f64.const 6.93147180369123816490e-01)))))
            (local.set $loa (f64x2.mul (local.get $ta) (f64x2.splat (f64.const 1.90821492927058770002e-10))))
            (local.set $lob (f64x2.mul (local.get $tb) (f64x2.splat (f64.const 1.90821492927058770002e-10))))
            (local.set $ra (f64x2.sub (local.get $hia) (local.get $loa)))
            (local.set $rb (f64x2.sub (local.get $hib) (local.get $lob)))
            (local.set $ta (f64x2.mul (local.get $ra) (local.get $ra)))
            (local.set $tb (f64x2.mul (local.get $rb) (local.get $rb)))
            (local.set $ca (f64x2.sub (local.get $ra) (f64x2.mul (local.get $ta)
              (f64x2.add (f64x2.splat (f64.const 1.66666666666666019037e-01)) (f64x2.mul (local.get $ta)
                (f64x2.add (f64x2.splat (f64.const -2.77777777770155933842e-03)) (f64x2.mul (local.get $ta)
                  (f64x2.add (f64x2.splat (f64.const 6.61375632143793436117e-05)) (f64x2.mul (local.get $ta)
                    (f64x2.add (f64x2.splat (f64.const -1.65339022054652515390e-06)) (f64x2.mul (local.get $ta)
                      (f64x2.splat (f64.const 4.13813679705723846039e-08)))))))))))))
            (local.set $cb (f64x2.sub (local.get $rb) (f64x2.mul (local.get $tb)
              (f64x2.add (f64x2.splat (f64.const 1.66666666666666019037e-01)) (f64x2.mul (local.get $tb)
                (f64x2.add (f64x2.splat (f64.const -2.77777777770155933842e-03)) (f64x2.mul (local.get $tb)
                  (f64x2.add (f64x2.splat (f64.const 6.61375632143793436117e-05)) (f64x2.mul (local.get $tb)
                    (f64x2.add (f64x2.splat (f64.const -1.65339022054652515390e-06)) (f64x2.mul (local.get $tb)
                      (f64x2.splat (f64.const 4.13813679705723846039e-08)))))))))))))
            (local.set $ya (f64x2.sub (f64x2.splat (f64.const 1)) (f64x2.sub (f64x2.sub (local.get $loa)
              (f64x2.div (f64x2.mul (local.get $ra) (local.get $ca)) (f64x2.sub (f64x2.splat (f64.const 2)) (local.get $ca))))
              (local.get $hia))))
            (local.set $yb (f64x2.sub (f64x2.splat (f64.const 1)) (f64x2.sub (f64x2.sub (local.get $lob)
              (f64x2.div (f64x2.mul (local.get $rb) (local.get $cb)) (f64x2.sub (f64x2.splat (f64.const 2)) (local.get $cb))))
              (local.get $hib))))
            ;; × 2^k (bits (1023 + k) << 52); x = 1 gives fdlibm's e.
            (v128.store (i32.add (local.get $dst) (local.get $e))
              (v128.bitselect
                (f64x2.splat (f64.const 2.718281828459045))
                (f64x2.mul (local.get $ya) (i64x2.shl
                  (i64x2.add (i64x2.extend_low_i32x4_s (local.get $kva)) (i64x2.splat (i64.const 1023)))
                  (i32.const 52)))
                (f64x2.eq (local.get $xa) (f64x2.splat (f64.const 1)))))
            (v128.store offset=16 (i32.add (local.get $dst) (local.get $e))
              (v128.bitselect
                (f64x2.splat (f64.const 2.718281828459045))
                (f64x2.mul (local.get $yb) (i64x2.shl
                  (i64x2.add (i64x2.extend_low_i32x4_s (local.get $kvb)) (i64x2.splat (i64.const 1023)))
                  (i32.const 52)))
                (f64x2.eq (local.get $xb) (f64x2.splat (f64.const 1))))))
          (else
            (f64.store (i32.add (local.get $dst) (local.get $e))
              (call $exp64 (f64x2.extract_lane 0 (local.get $xa))))
            (f64.store offset=8 (i32.add (local.get $dst) (local.get $e))
              (call $exp64 (f64x2.extract_lane 1 (local.get $xa))))
            (f64.store offset=16 (i32.add (local.get $dst) (local.get $e))
              (call $exp64 (f64x2.extract_lane 0 (local.get $xb))))
            (f64.store offset=24 (i32.add (local.get $dst) (local.get $e))
              (call $exp64 (f64x2.extract_lane 1 (local.get $xb))))))
        (local.set $e (i32.add (local.get $e) (i32.const 32)))
        (br $quads)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $e) (local.get $end)))
        (f64.store (i32.add (local.get $dst) (local.get $e))
          (call $exp64 (f64.load (i32.add (local.get $src) (local.get $e)))))
        (local.set $e (i32.add (local.get $e) (i32.const 8)))
        (br $tail)))
  )

  ;; gramHalfStep's overparam-mirror step on n columns of k (gram-steps-first-order.ts, the loop
  ;; form's operations in its order: the same bits; pointers at the first column, since and
  ;; fresh one float64 per column): previous = x; x ← w/(w + 2)·x + 2/(w + 2)·e^z, w = since + 2,
  ;; unless fresh; g = G·x − c (gramColumns64, M = Gᵀ); a column with ⟨g, x − previous⟩ > 0
  ;; restarts (since 0, fresh 1: the caller sets its z = log x), else z −= (w·η/2)·g. e^z of
  ;; the whole chunk first (expInto, into previous' room), then two entries per f64x2;
  ;; ⟨g, x − previous⟩ as two lane sums, even and odd entries (an odd k's last entry last),
  ;; added at the end, as the loop form does.
  (func (export "mirrorColumns64")
    (param $x i32) (param $z i32) (param $g i32) (param $prev i32) (param $c i32)
    (param $since i32) (param $fresh i32) (param $n i32) (param $k i32) (param $GT i32) (param $eta f64)
    (local $j i32) (local $e i32) (local $end i32) (local $pend i32) (local $kb i32) (local $pj i32)
    (local $w f64) (local $xi f64) (local $up f64) (local $a f64)
    (local $X v128) (local $Wv v128) (local $Wd v128) (local $Av v128) (local $Up v128)
    (local $E v128) (local $ei f64)
    (local.set $kb (i32.shl (local.get $k) (i32.const 3)))
    ;; e^z of the chunk into prev (a fresh column's then unused), read by the averages.
    (call $expInto (local.get $z) (local.get $prev) (i32.mul (local.get $n) (local.get $k)))
    (local.set $j (i32.const 0))
    (local.set $e (i32.const 0))
    (block $p1Done
      (loop $p1
        (br_if $p1Done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $pj (i32.shl (local.get $j) (i32.const 3)))
        (local.set $end (i32.add (local.get $e) (local.get $kb)))
        (local.set $pend (i32.sub (local.get $end) (i32.and (local.get $kb) (i32.const 8))))
        (local.set $w (f64.add (f64.load (i32.add (local.get $since) (local.get $pj))) (f64.const 2)))
        (if (f64.ne (f64.load (i32.add (local.get $fresh) (local.get $pj))) (f64.const 0))
          (then
            (block $copied
              (loop $copy
                (br_if $copied (i32.ge_u (local.get $e) (local.get $pend)))
                (v128.store (i32.add (local.get $prev) (local.get $e)) (v128.load (i32.add (local.get $x) (local.get $e))))
                (local.set $e (i32.add (local.get $e) (i32.const 16)))
                (br $copy)))
            (if (i32.lt_u (local.get $e) (local.get $end))
              (then (f64.store (i32.add (local.get $prev) (local.get $e)) (f64.load (i32.add (local.get $x) (local.get $e)))))))
          (else
            ;; The weights w/(w + 2) and 2/(w + 2), once per column.
            (local.set $a (f64.div (f64.const 2) (f64.add (local.get $w) (f64.const 2))))
            (local.set $w (f64.div (local.get $w) (f64.add (local.get $w) (f64.const 2))))
            (local.set $Wv (f64x2.splat (local.get $w)))
            (local.set $Wd (f64x2.splat (local.get $a)))
            (block $averaged
              (loop $average
                (br_if $averaged (i32.ge_u (local.get $e) (local.get $pend)))
                (local.set $X (v128.load (i32.add (local.get $x) (local.get $e))))
                (local.set $E (v128.load (i32.add (local.get $prev) (local.get $e))))
                (v128.store (i32.add (local.get $prev) (local.get $e)) (local.get $X))
                (v128.store (i32.add (local.get $x) (local.get $e))
                  (f64x2.add (f64x2.mul (local.get $Wv) (local.get $X)) (f64x2.mul (local.get $Wd) (local.get $E))))
                (local.set $e (i32.add (local.get $e) (i32.const 16)))
                (br $average)))
            (if (i32.lt_u (local.get $e) (local.get $end))
              (then
                (local.set $xi (f64.load (i32.add (local.get $x) (local.get $e))))
                (local.set $ei (f64.load (i32.add (local.get $prev) (local.get $e))))
                (f64.store (i32.add (local.get $prev) (local.get $e)) (local.get $xi))
                (f64.store (i32.add (local.get $x) (local.get $e))
                  (f64.add (f64.mul (local.get $w) (local.get $xi)) (f64.mul (local.get $a) (local.get $ei))))))))
        (local.set $e (local.get $end))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $p1)))
    (call $gramColumns64 (local.get $x) (local.get $n) (local.get $k) (local.get $GT) (local.get $c) (local.get $g))
    (local.set $j (i32.const 0))
    (local.set $e (i32.const 0))
    (block $p2Done
      (loop $p2
        (br_if $p2Done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $pj (i32.shl (local.get $j) (i32.const 3)))
        (local.set $end (i32.add (local.get $e) (local.get $kb)))
        (local.set $pend (i32.sub (local.get $end) (i32.and (local.get $kb) (i32.const 8))))
        (local.set $Up (v128.const i64x2 0 0))
        (block $uphillDone
          (loop $uphill
            (br_if $uphillDone (i32.ge_u (local.get $e) (local.get $pend)))
            (local.set $Up (f64x2.add (local.get $Up) (f64x2.mul (v128.load (i32.add (local.get $g) (local.get $e)))
              (f64x2.sub (v128.load (i32.add (local.get $x) (local.get $e))) (v128.load (i32.add (local.get $prev) (local.get $e)))))))
            (local.set $e (i32.add (local.get $e) (i32.const 16)))
            (br $uphill)))
        (local.set $up (f64x2.extract_lane 0 (local.get $Up)))
        (if (i32.lt_u (local.get $e) (local.get $end))
          (then
            (local.set $up (f64.add (local.get $up) (f64.mul (f64.load (i32.add (local.get $g) (local.get $e)))
              (f64.sub (f64.load (i32.add (local.get $x) (local.get $e))) (f64.load (i32.add (local.get $prev) (local.get $e)))))))))
        (local.set $up (f64.add (local.get $up) (f64x2.extract_lane 1 (local.get $Up))))
        (if (f64.gt (local.get $up) (f64.const 0))
          (then
            (f64.store (i32.add (local.get $since) (local.get $pj)) (f64.const 0))
            (f64.store (i32.add (local.get $fresh) (local.get $pj)) (f64.const 1)))
          (else
            (local.set $w (f64.load (i32.add (local.get $since) (local.get $pj))))
            (local.set $a (f64.mul (f64.add (local.get $w) (f64.const 2)) (f64.div (local.get $eta) (f64.const 2))))
            (local.set $Av (f64x2.splat (local.get $a)))
            (local.set $e (i32.sub (local.get $end) (local.get $kb)))
            (block $descended
              (loop $descend
                (br_if $descended (i32.ge_u (local.get $e) (local.get $pend)))
                (v128.store (i32.add (local.get $z) (local.get $e)) (f64x2.sub (v128.load (i32.add (local.get $z) (local.get $e)))
                  (f64x2.mul (local.get $Av) (v128.load (i32.add (local.get $g) (local.get $e))))))
                (local.set $e (i32.add (local.get $e) (i32.const 16)))
                (br $descend)))
            (if (i32.lt_u (local.get $e) (local.get $end))
              (then
                (f64.store (i32.add (local.get $z) (local.get $e)) (f64.sub (f64.load (i32.add (local.get $z) (local.get $e)))
                  (f64.mul (local.get $a) (f64.load (i32.add (local.get $g) (local.get $e))))))))
            (f64.store (i32.add (local.get $since) (local.get $pj)) (f64.add (local.get $w) (f64.const 1)))
            (f64.store (i32.add (local.get $fresh) (local.get $pj)) (f64.const 0))))
        (local.set $e (local.get $end))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $p2)))
  )
;;
  ;; gramHalfStep's overparam-nesterov step at depth 2 on n columns of k (gram-steps-first-order.ts,
  ;; the loop form's operations for L = 2 in its order: the same bits; pointers at the first
  ;; column, since one float64 per column): v = u + β(u − uPrev), β = since/(since + 3),
  ;; xv = v²; gv = G·xv − c (gramColumns64, M = Gᵀ); per column the curvature bound
  ;; max(4λ·max xv + 2·max |gv|, 4·max gv), η = rate/max(it, 1e-30), u ← v − η·2v⊙gv, x = u²,
  ;; since reset where ⟨d, u_new − u⟩ > 0.
  (func (export "nesterovColumns64")
    (param $u i32) (param $uPrev i32) (param $v i32) (param $xv i32) (param $gv i32) (param $x i32)
    (param $c i32) (param $since i32) (param $n i32) (param $k i32) (param $GT i32)
    (param $lip f64) (param $rate f64)
    (local $j i32) (local $e i32) (local $end i32) (local $kb i32) (local $pj i32)
    (local $beta f64) (local $ui f64) (local $vi f64) (local $gi f64) (local $xMax f64)
    (local $bend f64) (local $shrink f64) (local $curv f64) (local $eta f64) (local $up f64)
    (local $dir f64) (local $next f64) (local $sj f64)
    (local.set $kb (i32.shl (local.get $k) (i32.const 3)))
    (local.set $j (i32.const 0))
    (local.set $e (i32.const 0))
    (block $p1Done
      (loop $p1
        (br_if $p1Done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $sj (f64.load (i32.add (local.get $since) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $beta (f64.div (local.get $sj) (f64.add (local.get $sj) (f64.const 3))))
        (local.set $end (i32.add (local.get $e) (local.get $kb)))
        (loop $extrapolate
          (local.set $ui (f64.load (i32.add (local.get $u) (local.get $e))))
          (local.set $vi (f64.add (local.get $ui) (f64.mul (local.get $beta)
            (f64.sub (local.get $ui) (f64.load (i32.add (local.get $uPrev) (local.get $e)))))))
          (f64.store (i32.add (local.get $v) (local.get $e)) (local.get $vi))
          (f64.store (i32.add (local.get $xv) (local.get $e)) (f64.mul (local.get $vi) (local.get $vi)))
          (local.set $e (i32.add (local.get $e) (i32.const 8)))
          (br_if $extrapolate (i32.lt_u (local.get $e) (local.get $end))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $p1)))
    (call $gramColumns64 (local.get $xv) (local.get $n) (local.get $k) (local.get $GT) (local.get $c) (local.get $gv))
    (local.set $j (i32.const 0))
    (local.set $e (i32.const 0))
    (block $p2Done
      (loop $p2
        (br_if $p2Done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $pj (i32.shl (local.get $j) (i32.const 3)))
        (local.set $end (i32.add (local.get $e) (local.get $kb)))
        (local.set $xMax (f64.const -inf))
        (local.set $bend (f64.const -inf))
        (local.set $shrink (f64.const -inf))
        (loop $bounds
          (local.set $gi (f64.mul (f64.const 1) (f64.load (i32.add (local.get $gv) (local.get $e)))))
          (local.set $xMax (f64.max (local.get $xMax) (f64.load (i32.add (local.get $xv) (local.get $e)))))
          (local.set $bend (f64.max (local.get $bend) (f64.abs (local.get $gi))))
          (local.set $shrink (f64.max (local.get $shrink) (local.get $gi)))
          (local.set $e (i32.add (local.get $e) (i32.const 8)))
          (br_if $bounds (i32.lt_u (local.get $e) (local.get $end))))
        (local.set $curv (f64.max
          (f64.add (f64.mul (f64.mul (f64.mul (local.get $xMax) (f64.const 2)) (f64.const 2)) (local.get $lip))
            (f64.mul (f64.mul (local.get $bend) (f64.const 2)) (f64.const 1)))
          (f64.mul (f64.const 4) (local.get $shrink))))
        (local.set $eta (f64.div (local.get $rate) (f64.max (local.get $curv) (f64.const 1e-30))))
        (local.set $up (f64.const 0))
        (local.set $e (i32.sub (local.get $end) (local.get $kb)))
        (loop $move
          (local.set $vi (f64.load (i32.add (local.get $v) (local.get $e))))
          (local.set $dir (f64.mul (f64.mul (f64.const 2) (local.get $vi)) (f64.load (i32.add (local.get $gv) (local.get $e)))))
          (local.set $next (f64.sub (local.get $vi) (f64.mul (local.get $eta) (local.get $dir))))
          (local.set $ui (f64.load (i32.add (local.get $u) (local.get $e))))
          (local.set $up (f64.add (local.get $up) (f64.mul (local.get $dir) (f64.sub (local.get $next) (local.get $ui)))))
          (f64.store (i32.add (local.get $uPrev) (local.get $e)) (local.get $ui))
          (f64.store (i32.add (local.get $u) (local.get $e)) (local.get $next))
          (f64.store (i32.add (local.get $x) (local.get $e)) (f64.mul (local.get $next) (local.get $next)))
          (local.set $e (i32.add (local.get $e) (i32.const 8)))
          (br_if $move (i32.lt_u (local.get $e) (local.get $end))))
        (f64.store (i32.add (local.get $since) (local.get $pj))
          (select (f64.const 0) (f64.add (f64.load (i32.add (local.get $since) (local.get $pj))) (f64.const 1))
            (f64.gt (local.get $up) (f64.const 0))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $p2)))
  )
;;
;; ---- The symmetric eigendecomposition of ml-matrix 6.15 (tred2, tql2, as in JAMA) ----
  ;; v (`n × n` float64, V stored transposed as ml-matrix stores it: v[a·n + b] = V(b, a)) holds
  ;; Gᵀ on entry and the eigenvectors as its rows on return; d (n) the eigenvalues ascending; e
  ;; (n) scratch. Every operation of ml-matrix's loops in its order (JavaScript's doubles and
  ;; WebAssembly's f64 round alike; f64.max for Math.max of non-negative numbers; its
  ;; `hypotenuse`): the same bits (test/linalg/symmetric-eigen.test.ts).
  (func $hypotenuse (param $a f64) (param $b f64) (result f64)
    (local $r f64)
    (if (f64.gt (f64.abs (local.get $a)) (f64.abs (local.get $b)))
      (then
        (local.set $r (f64.div (local.get $b) (local.get $a)))
        (return (f64.mul (f64.abs (local.get $a))
          (f64.sqrt (f64.add (f64.const 1) (f64.mul (local.get $r) (local.get $r))))))))
    (if (f64.ne (local.get $b) (f64.const 0))
      (then
        (local.set $r (f64.div (local.get $a) (local.get $b)))
        (return (f64.mul (f64.abs (local.get $b))
          (f64.sqrt (f64.add (f64.const 1) (f64.mul (local.get $r) (local.get $r))))))))
    (f64.const 0))
  ;; The address of entry i of the float64 array at base.
  (func $at64 (param $base i32) (param $i i32) (result i32)
    (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 3))))
  (func $tridiagonalize (param $v i32) (param $d i32) (param $e i32) (param $n i32)
    (local $i i32) (local $j i32) (local $k i32) (local $rb i32) (local $rowi i32) (local $rowj i32)
    (local $f f64) (local $g f64) (local $h f64) (local $hh f64) (local $scale f64) (local $x f64)
    (local.set $rb (i32.shl (local.get $n) (i32.const 3)))
    ;; d[j] = v[j·n + n − 1]
    (local.set $j (i32.const 0))
    (block $d0 (loop $l0
      (br_if $d0 (i32.ge_s (local.get $j) (local.get $n)))
      (f64.store (call $at64 (local.get $d) (local.get $j))
        (f64.load (call $at64 (local.get $v) (i32.sub (i32.mul (i32.add (local.get $j) (i32.const 1)) (local.get $n)) (i32.const 1)))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $l0)))
    (local.set $i (i32.sub (local.get $n) (i32.const 1)))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.le_s (local.get $i) (i32.const 0)))
      (local.set $rowi (i32.add (local.get $v) (i32.mul (local.get $i) (local.get $rb))))
      (local.set $scale (f64.const 0))
      (local.set $h (f64.const 0))
      (local.set $k (i32.const 0))
      (block $s0 (loop $s1
        (br_if $s0 (i32.ge_s (local.get $k) (local.get $i)))
        (local.set $scale (f64.add (local.get $scale) (f64.abs (f64.load (call $at64 (local.get $d) (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $s1)))
      (if (f64.eq (local.get $scale) (f64.const 0))
        (then
          (f64.store (call $at64 (local.get $e) (local.get $i))
            (f64.load (call $at64 (local.get $d) (i32.sub (local.get $i) (i32.const 1)))))
          (local.set $j (i32.const 0))
          (block $z0 (loop $z1
            (br_if $z0 (i32.ge_s (local.get $j) (local.get $i)))
            (local.set $rowj (i32.add (local.get $v) (i32.mul (local.get $j) (local.get $rb))))
            (f64.store (call $at64 (local.get $d) (local.get $j))
              (f64.load (call $at64 (local.get $rowj) (i32.sub (local.get $i) (i32.const 1)))))
            (f64.store (call $at64 (local.get $rowj) (local.get $i)) (f64.const 0))
            (f64.store (call $at64 (local.get $rowi) (local.get $j)) (f64.const 0))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $z1))))
        (else
          (local.set $k (i32.const 0))
          (block $n0 (loop $n1
            (br_if $n0 (i32.ge_s (local.get $k) (local.get $i)))
            (local.set $x (f64.div (f64.load (call $at64 (local.get $d) (local.get $k))) (local.get $scale)))
            (f64.store (call $at64 (local.get $d) (local.get $k)) (local.get $x))
            (local.set $h (f64.add (local.get $h) (f64.mul (local.get $x) (local.get $x))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $n1)))
          (local.set $f (f64.load (call $at64 (local.get $d) (i32.sub (local.get $i) (i32.const 1)))))
          (local.set $g (f64.sqrt (local.get $h)))
          (if (f64.gt (local.get $f) (f64.const 0)) (then (local.set $g (f64.neg (local.get $g)))))
          (f64.store (call $at64 (local.get $e) (local.get $i)) (f64.mul (local.get $scale) (local.get $g)))
          (local.set $h (f64.sub (local.get $h) (f64.mul (local.get $f) (local.get $g))))
          (f64.store (call $at64 (local.get $d) (i32.sub (local.get $i) (i32.const 1))) (f64.sub (local.get $f) (local.get $g)))
          (local.set $j (i32.const 0))
          (block $e0 (loop $e1
            (br_if $e0 (i32.ge_s (local.get $j) (local.get $i)))
            (f64.store (call $at64 (local.get $e) (local.get $j)) (f64.const 0))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $e1)))
          (local.set $j (i32.const 0))
          (block $a0 (loop $a1
            (br_if $a0 (i32.ge_s (local.get $j) (local.get $i)))
            (local.set $rowj (i32.add (local.get $v) (i32.mul (local.get $j) (local.get $rb))))
            (local.set $f (f64.load (call $at64 (local.get $d) (local.get $j))))
            (f64.store (call $at64 (local.get $rowi) (local.get $j)) (local.get $f))
            (local.set $g (f64.add (f64.load (call $at64 (local.get $e) (local.get $j)))
              (f64.mul (f64.load (call $at64 (local.get $rowj) (local.get $j))) (local.get $f))))
            (local.set $k (i32.add (local.get $j) (i32.const 1)))
            (block $b0 (loop $b1
              (br_if $b0 (i32.gt_s (local.get $k) (i32.sub (local.get $i) (i32.const 1))))
              (local.set $x (f64.load (call $at64 (local.get $rowj) (local.get $k))))
              (local.set $g (f64.add (local.get $g) (f64.mul (local.get $x) (f64.load (call $at64 (local.get $d) (local.get $k))))))
              (f64.store (call $at64 (local.get $e) (local.get $k))
                (f64.add (f64.load (call $at64 (local.get $e) (local.get $k))) (f64.mul (local.get $x) (local.get $f))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $b1)))
            (f64.store (call $at64 (local.get $e) (local.get $j)) (local.get $g))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $a1)))
          (local.set $f (f64.const 0))
          (local.set $j (i32.const 0))
          (block $c0 (loop $c1
            (br_if $c0 (i32.ge_s (local.get $j) (local.get $i)))
            (local.set $x (f64.div (f64.load (call $at64 (local.get $e) (local.get $j))) (local.get $h)))
            (f64.store (call $at64 (local.get $e) (local.get $j)) (local.get $x))
            (local.set $f (f64.add (local.get $f) (f64.mul (local.get $x) (f64.load (call $at64 (local.get $d) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $c1)))
          (local.set $hh (f64.div (local.get $f) (f64.add (local.get $h) (local.get $h))))
          (local.set $j (i32.const 0))
          (block $h0 (loop $h1
            (br_if $h0 (i32.ge_s (local.get $j) (local.get $i)))
            (f64.store (call $at64 (local.get $e) (local.get $j))
              (f64.sub (f64.load (call $at64 (local.get $e) (local.get $j)))
                (f64.mul (local.get $hh) (f64.load (call $at64 (local.get $d) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $h1)))
          (local.set $j (i32.const 0))
          (block $u0 (loop $u1
            (br_if $u0 (i32.ge_s (local.get $j) (local.get $i)))
            (local.set $rowj (i32.add (local.get $v) (i32.mul (local.get $j) (local.get $rb))))
            (local.set $f (f64.load (call $at64 (local.get $d) (local.get $j))))
            (local.set $g (f64.load (call $at64 (local.get $e) (local.get $j))))
            (local.set $k (local.get $j))
            (block $w0 (loop $w1
              (br_if $w0 (i32.gt_s (local.get $k) (i32.sub (local.get $i) (i32.const 1))))
              (f64.store (call $at64 (local.get $rowj) (local.get $k))
                (f64.sub (f64.load (call $at64 (local.get $rowj) (local.get $k)))
                  (f64.add (f64.mul (local.get $f) (f64.load (call $at64 (local.get $e) (local.get $k))))
                    (f64.mul (local.get $g) (f64.load (call $at64 (local.get $d) (local.get $k)))))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $w1)))
            (f64.store (call $at64 (local.get $d) (local.get $j))
              (f64.load (call $at64 (local.get $rowj) (i32.sub (local.get $i) (i32.const 1)))))
            (f64.store (call $at64 (local.get $rowj) (local.get $i)) (f64.const 0))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $u1)))))
      (f64.store (call $at64 (local.get $d) (local.get $i)) (local.get $h))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br $rows)))
    ;; accumulate the transformations
    (local.set $i (i32.const 0))
    (block $acc0 (loop $acc1
      (br_if $acc0 (i32.ge_s (local.get $i) (i32.sub (local.get $n) (i32.const 1))))
      (local.set $rowi (i32.add (local.get $v) (i32.mul (local.get $i) (local.get $rb))))
      (f64.store (call $at64 (local.get $rowi) (i32.sub (local.get $n) (i32.const 1)))
        (f64.load (call $at64 (local.get $rowi) (local.get $i))))
      (f64.store (call $at64 (local.get $rowi) (local.get $i)) (f64.const 1))
      (local.set $h (f64.load (call $at64 (local.get $d) (i32.add (local.get $i) (i32.const 1)))))
      ;; rowj: row i + 1
      (local.set $rowj (i32.add (local.get $rowi) (local.get $rb)))
      (if (f64.ne (local.get $h) (f64.const 0))
        (then
          (local.set $k (i32.const 0))
          (block $q0 (loop $q1
            (br_if $q0 (i32.gt_s (local.get $k) (local.get $i)))
            (f64.store (call $at64 (local.get $d) (local.get $k))
              (f64.div (f64.load (call $at64 (local.get $rowj) (local.get $k))) (local.get $h)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $q1)))
          (local.set $j (i32.const 0))
          (block $r0 (loop $r1
            (br_if $r0 (i32.gt_s (local.get $j) (local.get $i)))
            (local.set $g (f64.const 0))
            (local.set $k (i32.const 0))
            (block $t0 (loop $t1
              (br_if $t0 (i32.gt_s (local.get $k) (local.get $i)))
              (local.set $g (f64.add (local.get $g)
                (f64.mul (f64.load (call $at64 (local.get $rowj) (local.get $k)))
                  (f64.load (call $at64 (i32.add (local.get $v) (i32.mul (local.get $j) (local.get $rb))) (local.get $k))))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $t1)))
            (local.set $k (i32.const 0))
            (block $y0 (loop $y1
              (br_if $y0 (i32.gt_s (local.get $k) (local.get $i)))
              (local.set $x (f64.load (call $at64 (i32.add (local.get $v) (i32.mul (local.get $j) (local.get $rb))) (local.get $k))))
              (f64.store (call $at64 (i32.add (local.get $v) (i32.mul (local.get $j) (local.get $rb))) (local.get $k))
                (f64.sub (local.get $x) (f64.mul (local.get $g) (f64.load (call $at64 (local.get $d) (local.get $k))))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $y1)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $r1)))))
      (local.set $k (i32.const 0))
      (block $o0 (loop $o1
        (br_if $o0 (i32.gt_s (local.get $k) (local.get $i)))
        (f64.store (call $at64 (local.get $rowj) (local.get $k)) (f64.const 0))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $o1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $acc1)))
    (local.set $j (i32.const 0))
    (block $f0 (loop $f1
      (br_if $f0 (i32.ge_s (local.get $j) (local.get $n)))
      (local.set $rowj (i32.add (local.get $v) (i32.mul (local.get $j) (local.get $rb))))
      (f64.store (call $at64 (local.get $d) (local.get $j))
        (f64.load (call $at64 (local.get $rowj) (i32.sub (local.get $n) (i32.const 1)))))
      (f64.store (call $at64 (local.get $rowj) (i32.sub (local.get $n) (i32.const 1))) (f64.const 0))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $f1)))
    (f64.store (call $at64 (local.get $v) (i32.sub (i32.mul (local.get $n) (local.get $n)) (i32.const 1))) (f64.const 1))
    (f64.store (local.get $e) (f64.const 0)))
  (func $diagonalize (param $v i32) (param $d i32) (param $e i32) (param $n i32)
    (local $i i32) (local $j i32) (local $k i32) (local $l i32) (local $m i32) (local $rb i32)
    (local $pa i32) (local $pb i32) (local $end i32)
    (local $f f64) (local $g f64) (local $h f64) (local $p f64) (local $r f64) (local $dl1 f64)
    (local $c f64) (local $c2 f64) (local $c3 f64) (local $el1 f64) (local $s f64) (local $s2 f64)
    (local $tst1 f64) (local $eps f64) (local $ei f64) (local $a f64)
    (local.set $rb (i32.shl (local.get $n) (i32.const 3)))
    (local.set $eps (f64.const 0x1p-52))
    (local.set $i (i32.const 1))
    (block $sh0 (loop $sh1
      (br_if $sh0 (i32.ge_s (local.get $i) (local.get $n)))
      (f64.store (call $at64 (local.get $e) (i32.sub (local.get $i) (i32.const 1)))
        (f64.load (call $at64 (local.get $e) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $sh1)))
    (f64.store (call $at64 (local.get $e) (i32.sub (local.get $n) (i32.const 1))) (f64.const 0))
    (local.set $f (f64.const 0))
    (local.set $tst1 (f64.const 0))
    (local.set $l (i32.const 0))
    (block $ls0 (loop $ls1
      (br_if $ls0 (i32.ge_s (local.get $l) (local.get $n)))
      (local.set $tst1 (f64.max (local.get $tst1)
        (f64.add (f64.abs (f64.load (call $at64 (local.get $d) (local.get $l))))
          (f64.abs (f64.load (call $at64 (local.get $e) (local.get $l)))))))
      (local.set $m (local.get $l))
      (block $m0 (loop $m1
        (br_if $m0 (i32.ge_s (local.get $m) (local.get $n)))
        (br_if $m0 (f64.le (f64.abs (f64.load (call $at64 (local.get $e) (local.get $m))))
          (f64.mul (local.get $eps) (local.get $tst1))))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $m1)))
      (if (i32.gt_s (local.get $m) (local.get $l))
        (then
          (loop $ql
            (local.set $g (f64.load (call $at64 (local.get $d) (local.get $l))))
            (local.set $el1 (f64.load (call $at64 (local.get $e) (local.get $l)))) ;; e[l] for now
            (local.set $p (f64.div
              (f64.sub (f64.load (call $at64 (local.get $d) (i32.add (local.get $l) (i32.const 1)))) (local.get $g))
              (f64.mul (f64.const 2) (local.get $el1))))
            (local.set $r (call $hypotenuse (local.get $p) (f64.const 1)))
            (if (f64.lt (local.get $p) (f64.const 0)) (then (local.set $r (f64.neg (local.get $r)))))
            (f64.store (call $at64 (local.get $d) (local.get $l))
              (f64.div (local.get $el1) (f64.add (local.get $p) (local.get $r))))
            (f64.store (call $at64 (local.get $d) (i32.add (local.get $l) (i32.const 1)))
              (f64.mul (local.get $el1) (f64.add (local.get $p) (local.get $r))))
            (local.set $dl1 (f64.load (call $at64 (local.get $d) (i32.add (local.get $l) (i32.const 1)))))
            (local.set $h (f64.sub (local.get $g) (f64.load (call $at64 (local.get $d) (local.get $l)))))
            (local.set $i (i32.add (local.get $l) (i32.const 2)))
            (block $dd0 (loop $dd1
              (br_if $dd0 (i32.ge_s (local.get $i) (local.get $n)))
              (f64.store (call $at64 (local.get $d) (local.get $i))
                (f64.sub (f64.load (call $at64 (local.get $d) (local.get $i))) (local.get $h)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $dd1)))
            (local.set $f (f64.add (local.get $f) (local.get $h)))
            (local.set $p (f64.load (call $at64 (local.get $d) (local.get $m))))
            (local.set $c (f64.const 1))
            (local.set $c2 (local.get $c))
            (local.set $c3 (local.get $c))
            (local.set $el1 (f64.load (call $at64 (local.get $e) (i32.add (local.get $l) (i32.const 1)))))
            (local.set $s (f64.const 0))
            (local.set $s2 (f64.const 0))
            (local.set $i (i32.sub (local.get $m) (i32.const 1)))
            (block $rot0 (loop $rot1
              (br_if $rot0 (i32.lt_s (local.get $i) (local.get $l)))
              (local.set $c3 (local.get $c2))
              (local.set $c2 (local.get $c))
              (local.set $s2 (local.get $s))
              (local.set $ei (f64.load (call $at64 (local.get $e) (local.get $i))))
              (local.set $g (f64.mul (local.get $c) (local.get $ei)))
              (local.set $h (f64.mul (local.get $c) (local.get $p)))
              (local.set $r (call $hypotenuse (local.get $p) (local.get $ei)))
              (f64.store (call $at64 (local.get $e) (i32.add (local.get $i) (i32.const 1)))
                (f64.mul (local.get $s) (local.get $r)))
              (local.set $s (f64.div (local.get $ei) (local.get $r)))
              (local.set $c (f64.div (local.get $p) (local.get $r)))
              (local.set $a (f64.load (call $at64 (local.get $d) (local.get $i))))
              (local.set $p (f64.sub (f64.mul (local.get $c) (local.get $a)) (f64.mul (local.get $s) (local.get $g))))
              (f64.store (call $at64 (local.get $d) (i32.add (local.get $i) (i32.const 1)))
                (f64.add (local.get $h) (f64.mul (local.get $s)
                  (f64.add (f64.mul (local.get $c) (local.get $g)) (f64.mul (local.get $s) (local.get $a))))))
              ;; rows i and i + 1 of v rotated
              (local.set $pa (i32.add (local.get $v) (i32.mul (local.get $i) (local.get $rb))))
              (local.set $pb (i32.add (local.get $pa) (local.get $rb)))
              (local.set $end (local.get $pb))
              (block $k0 (loop $k1
                (br_if $k0 (i32.ge_u (local.get $pa) (local.get $end)))
                (local.set $h (f64.load (local.get $pb)))
                (local.set $a (f64.load (local.get $pa)))
                (f64.store (local.get $pb) (f64.add (f64.mul (local.get $s) (local.get $a)) (f64.mul (local.get $c) (local.get $h))))
                (f64.store (local.get $pa) (f64.sub (f64.mul (local.get $c) (local.get $a)) (f64.mul (local.get $s) (local.get $h))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
                (br $k1)))
              (local.set $i (i32.sub (local.get $i) (i32.const 1)))
              (br $rot1)))
            (local.set $p (f64.div
              (f64.mul (f64.mul (f64.mul (f64.mul (f64.neg (local.get $s)) (local.get $s2)) (local.get $c3)) (local.get $el1))
                (f64.load (call $at64 (local.get $e) (local.get $l))))
              (local.get $dl1)))
            (f64.store (call $at64 (local.get $e) (local.get $l)) (f64.mul (local.get $s) (local.get $p)))
            (f64.store (call $at64 (local.get $d) (local.get $l)) (f64.mul (local.get $c) (local.get $p)))
            (br_if $ql (f64.gt (f64.abs (f64.load (call $at64 (local.get $e) (local.get $l))))
              (f64.mul (local.get $eps) (local.get $tst1)))))))
      (f64.store (call $at64 (local.get $d) (local.get $l))
        (f64.add (f64.load (call $at64 (local.get $d) (local.get $l))) (local.get $f)))
      (f64.store (call $at64 (local.get $e) (local.get $l)) (f64.const 0))
      (local.set $l (i32.add (local.get $l) (i32.const 1)))
      (br $ls1)))
    ;; selection sort, ascending, rows of v swapped along
    (local.set $i (i32.const 0))
    (block $so0 (loop $so1
      (br_if $so0 (i32.ge_s (local.get $i) (i32.sub (local.get $n) (i32.const 1))))
      (local.set $k (local.get $i))
      (local.set $p (f64.load (call $at64 (local.get $d) (local.get $i))))
      (local.set $j (i32.add (local.get $i) (i32.const 1)))
      (block $mn0 (loop $mn1
        (br_if $mn0 (i32.ge_s (local.get $j) (local.get $n)))
        (if (f64.lt (f64.load (call $at64 (local.get $d) (local.get $j))) (local.get $p))
          (then
            (local.set $k (local.get $j))
            (local.set $p (f64.load (call $at64 (local.get $d) (local.get $j))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $mn1)))
      (if (i32.ne (local.get $k) (local.get $i))
        (then
          (f64.store (call $at64 (local.get $d) (local.get $k)) (f64.load (call $at64 (local.get $d) (local.get $i))))
          (f64.store (call $at64 (local.get $d) (local.get $i)) (local.get $p))
          (local.set $pa (i32.add (local.get $v) (i32.mul (local.get $i) (local.get $rb))))
          (local.set $pb (i32.add (local.get $v) (i32.mul (local.get $k) (local.get $rb))))
          (local.set $end (i32.add (local.get $pa) (local.get $rb)))
          (block $sw0 (loop $sw1
            (br_if $sw0 (i32.ge_u (local.get $pa) (local.get $end)))
            (local.set $a (f64.load (local.get $pa)))
            (f64.store (local.get $pa) (f64.load (local.get $pb)))
            (f64.store (local.get $pb) (local.get $a))
            (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
            (br $sw1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $so1))))
  (func (export "symmetricEigen64") (param $v i32) (param $d i32) (param $e i32) (param $n i32)
    (call $tridiagonalize (local.get $v) (local.get $d) (local.get $e) (local.get $n))
    (call $diagonalize (local.get $v) (local.get $d) (local.get $e) (local.get $n)))
;;
  ;; Standard normals by Box–Muller from xoshiro128** (src/random.ts's Rng.normals, its
  ;; operations in its order: the same bits): `pairs` pairs into out (float64), the generator's
  ;; four state words at $state read first and written back. Each pair takes a uniform u, drawn
  ;; again while it is 0, then v; a uniform is (hi·2²⁶ + lo)/2⁵³ from two words' top 27 and 26
  ;; bits; r = √(−2·ln u), then r·cos(2πv) and r·sin(2πv).
  (func (export "normalPairs64") (param $state i32) (param $out i32) (param $pairs i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $t i32)
    (local $hi i32) (local $word i32) (local $half i32) (local $value f64)
    (local $u f64) (local $v f64) (local $r f64) (local $angle f64) (local $end i32)
    (local.set $s0 (i32.load (local.get $state)))
    (local.set $s1 (i32.load offset=4 (local.get $state)))
    (local.set $s2 (i32.load offset=8 (local.get $state)))
    (local.set $s3 (i32.load offset=12 (local.get $state)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $pairs) (i32.const 4))))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $u (f64.const 0))
        (block $drawn
          (loop $draw
            ;; two words: hi (top 27 bits), then lo (top 26)
            (local.set $half (i32.const 0))
            (loop $words
              (local.set $word
                (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
              (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
              (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
              (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
              (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
              (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
              (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
              (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
              (if (i32.eqz (local.get $half))
                (then
                  (local.set $hi (i32.shr_u (local.get $word) (i32.const 5)))
                  (local.set $half (i32.const 1))
                  (br $words))))
            (local.set $value
              (f64.div
                (f64.add
                  (f64.mul (f64.convert_i32_u (local.get $hi)) (f64.const 67108864))
                  (f64.convert_i32_u (i32.shr_u (local.get $word) (i32.const 6))))
                (f64.const 9007199254740992)))
            (if (f64.eq (local.get $u) (f64.const 0))
              (then (local.set $u (local.get $value)) (br $draw)))
            (local.set $v (local.get $value))))
        (local.set $r (f64.sqrt (f64.mul (f64.const -2) (call $log (local.get $u)))))
        ;; 2·Math.PI (exact), times v
        (local.set $angle (f64.mul (f64.const 0x1.921fb54442d18p+2) (local.get $v)))
        (f64.store (local.get $out) (f64.mul (local.get $r) (call $cos (local.get $angle))))
        (f64.store offset=8 (local.get $out) (f64.mul (local.get $r) (call $sin (local.get $angle))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $pair)))
    (i32.store (local.get $state) (local.get $s0))
    (i32.store offset=4 (local.get $state) (local.get $s1))
    (i32.store offset=8 (local.get $state) (local.get $s2))
    (i32.store offset=12 (local.get $state) (local.get $s3)))
)
