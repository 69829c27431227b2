# An OpenFlow 1.3 L2 learning switch for os-ken, used by Flowswitch's
# system tests 89 and 90 (Debian's python3-os-ken ships no example apps).
#
#   osken-manager tests/osken/learning_switch_13.py
#
# When a switch connects it gets one table-miss flow (priority 0) that
# sends every packet no other flow matches to the controller, whole (no
# buffering, so the switch needs no packet buffers).  Each packet-in
# teaches the source MAC's port; a packet to a MAC already learned gets
# a flow (priority 1, idle timeout IDLE_TIMEOUT s) matching its input
# port, source and destination, and is sent on through that port;
# anything else is flooded.  Tables are per datapath and forgotten when
# the switch disconnects: a reconnecting switch starts from scratch.
#
# The log lines "table-miss flow installed on" and "packet in" are what
# the tests look for.

from os_ken.base import app_manager
from os_ken.controller import ofp_event
from os_ken.controller.handler import CONFIG_DISPATCHER
from os_ken.controller.handler import DEAD_DISPATCHER
from os_ken.controller.handler import MAIN_DISPATCHER
from os_ken.controller.handler import set_ev_cls
from os_ken.lib.packet import ethernet
from os_ken.lib.packet import packet
from os_ken.ofproto import ofproto_v1_3

IDLE_TIMEOUT = 60
LEARNED_PRIORITY = 1
TABLE_MISS_PRIORITY = 0


def is_multicast(mac):
    """True for group (multicast and broadcast) MACs: never a source."""
    return int(mac.split(':')[0], 16) & 1 == 1


class LearningSwitch13(app_manager.OSKenApp):
    OFP_VERSIONS = [ofproto_v1_3.OFP_VERSION]

    def __init__(self, *args, **kwargs):
        super(LearningSwitch13, self).__init__(*args, **kwargs)
        # datapath id -> {MAC string: OpenFlow port number}
        self.mac_ports = {}

    @staticmethod
    def add_flow(dp, priority, match, actions, idle_timeout=0):
        ofp = dp.ofproto
        parser = dp.ofproto_parser
        apply = parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS,
                                             actions)
        dp.send_msg(parser.OFPFlowMod(dp, command=ofp.OFPFC_ADD,
                                      priority=priority,
                                      idle_timeout=idle_timeout,
                                      buffer_id=ofp.OFP_NO_BUFFER,
                                      match=match, instructions=[apply]))

    @set_ev_cls(ofp_event.EventOFPSwitchFeatures, CONFIG_DISPATCHER)
    def on_features(self, ev):
        dp = ev.msg.datapath
        ofp = dp.ofproto
        parser = dp.ofproto_parser
        self.mac_ports[dp.id] = {}
        to_ctl = parser.OFPActionOutput(ofp.OFPP_CONTROLLER,
                                        ofp.OFPCML_NO_BUFFER)
        self.add_flow(dp, TABLE_MISS_PRIORITY, parser.OFPMatch(), [to_ctl])
        self.logger.info('table-miss flow installed on %016x', dp.id)

    @set_ev_cls(ofp_event.EventOFPStateChange, DEAD_DISPATCHER)
    def on_disconnect(self, ev):
        dp = ev.datapath
        if dp.id is not None and self.mac_ports.pop(dp.id, None) is not None:
            self.logger.info('switch %016x disconnected', dp.id)

    @set_ev_cls(ofp_event.EventOFPPacketIn, MAIN_DISPATCHER)
    def on_packet_in(self, ev):
        msg = ev.msg
        dp = msg.datapath
        ofp = dp.ofproto
        parser = dp.ofproto_parser
        in_port = msg.match['in_port']
        eth = packet.Packet(msg.data).get_protocol(ethernet.ethernet)
        if eth is None:
            self.logger.info('packet in %016x port %d: not Ethernet',
                             dp.id, in_port)
            return
        self.logger.info('packet in %016x port %d: %s -> %s type %04x',
                         dp.id, in_port, eth.src, eth.dst, eth.ethertype)

        ports = self.mac_ports.setdefault(dp.id, {})
        if not is_multicast(eth.src):
            ports[eth.src] = in_port
        out_port = ports.get(eth.dst)
        if out_port == in_port:
            # The destination sits behind the port the packet came
            # from: sending it back would duplicate it there.
            return
        if out_port is None:
            out_port = ofp.OFPP_FLOOD
        else:
            match = parser.OFPMatch(in_port=in_port, eth_src=eth.src,
                                    eth_dst=eth.dst)
            self.add_flow(dp, LEARNED_PRIORITY, match,
                          [parser.OFPActionOutput(out_port)], IDLE_TIMEOUT)
            self.logger.info('flow on %016x: port %d %s -> %s to port %d',
                             dp.id, in_port, eth.src, eth.dst, out_port)

        # The switch may still have buffered the packet despite
        # OFPCML_NO_BUFFER; then it is released by its id.
        data = msg.data if msg.buffer_id == ofp.OFP_NO_BUFFER else None
        dp.send_msg(parser.OFPPacketOut(dp, buffer_id=msg.buffer_id,
                                        in_port=in_port,
                                        actions=[parser.OFPActionOutput(
                                            out_port)],
                                        data=data))
