// y-webrtc loads simple-peer's prebuilt bundle (which carries its own Node shims); we load the same one.
declare module 'simple-peer/simplepeer.min.js' {
  import Peer from 'simple-peer'
  export default Peer
}
