// Wire format of an encoded optimizer state, which a late joiner fetches with the parameters
// (docs/architecture.md §6). All numbers little-endian.
//
//   offset  bytes  field
//   0       4      magic "SOPT"
//   4       2      format version, u16 = 1
//   6       1      optimizer, u8: 1 adam, 2 sgd
//   7       1      reserved, 0
//   8       4      n: parameter count, u32
//   12      4      reserved, 0 (keeps the f64 fields 8-byte aligned)
//   16      8      steps applied, f64 holding a whole number
//   adam:
//   24      8      β₁ᵗ, f64
//   32      8      β₂ᵗ, f64
//   40      4n     first moments m, f32
//   40+4n   4n     second moments v, f32
//   sgd:
//   24      4n     momentum buffer, f32
//
// The byte length is exactly the header plus the arrays: anything shorter or longer is malformed.

export const optimizerStateMagic = 0x54504f53 // "SOPT" read as a little-endian u32
export const optimizerStateVersion = 1
export const optimizerTypeCodes = { adam: 1, sgd: 2 } as const
export const adamHeaderBytes = 40
export const sgdHeaderBytes = 24
