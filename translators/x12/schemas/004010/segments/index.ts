import type { SegmentDef } from '../../types';
import { ADV } from './ADV';
import { AK1 } from './AK1';
import { AK2 } from './AK2';
import { AK3 } from './AK3';
import { AK4 } from './AK4';
import { AK5 } from './AK5';
import { AK9 } from './AK9';
import { AMT } from './AMT';
import { BAL } from './BAL';
import { BEG } from './BEG';
import { BIG } from './BIG';
import { BSN } from './BSN';
import { CAD } from './CAD';
import { CB1 } from './CB1';
import { CLD } from './CLD';
import { CN1 } from './CN1';
import { CRC } from './CRC';
import { CSH } from './CSH';
import { CTB } from './CTB';
import { CTP } from './CTP';
import { CTT } from './CTT';
import { CUR } from './CUR';
import { DIS } from './DIS';
import { DMG } from './DMG';
import { DTM } from './DTM';
import { DTP } from './DTP';
import { ETD } from './ETD';
import { FA1 } from './FA1';
import { FA2 } from './FA2';
import { FOB } from './FOB';
import { G61 } from './G61';
import { GE } from './GE';
import { GF } from './GF';
import { GS } from './GS';
import { HL } from './HL';
import { IEA } from './IEA';
import { INC } from './INC';
import { ISA } from './ISA';
import { ISS } from './ISS';
import { IT1 } from './IT1';
import { IT3 } from './IT3';
import { IT8 } from './IT8';
import { ITD } from './ITD';
import { L7 } from './L7';
import { LDT } from './LDT';
import { LE } from './LE';
import { LEP } from './LEP';
import { LFH } from './LFH';
import { LH1 } from './LH1';
import { LH2 } from './LH2';
import { LH3 } from './LH3';
import { LH4 } from './LH4';
import { LHE } from './LHE';
import { LHR } from './LHR';
import { LHT } from './LHT';
import { LIN } from './LIN';
import { LM } from './LM';
import { LQ } from './LQ';
import { LS } from './LS';
import { MAN } from './MAN';
import { MEA } from './MEA';
import { MSG } from './MSG';
import { MTX } from './MTX';
import { N1 } from './N1';
import { N2 } from './N2';
import { N3 } from './N3';
import { N4 } from './N4';
import { N9 } from './N9';
import { NTE } from './NTE';
import { NX2 } from './NX2';
import { PAL } from './PAL';
import { PAM } from './PAM';
import { PCT } from './PCT';
import { PER } from './PER';
import { PID } from './PID';
import { PKG } from './PKG';
import { PO1 } from './PO1';
import { PO3 } from './PO3';
import { PO4 } from './PO4';
import { PRF } from './PRF';
import { PWK } from './PWK';
import { QTY } from './QTY';
import { R4 } from './R4';
import { REF } from './REF';
import { SAC } from './SAC';
import { SCH } from './SCH';
import { SDQ } from './SDQ';
import { SE } from './SE';
import { SI } from './SI';
import { SLN } from './SLN';
import { SN1 } from './SN1';
import { SPI } from './SPI';
import { ST } from './ST';
import { TA1 } from './TA1';
import { TAX } from './TAX';
import { TC2 } from './TC2';
import { TD1 } from './TD1';
import { TD3 } from './TD3';
import { TD4 } from './TD4';
import { TD5 } from './TD5';
import { TDS } from './TDS';
import { TSD } from './TSD';
import { TXI } from './TXI';
import { V1 } from './V1';
import { YNQ } from './YNQ';

/** Every 004010 segment Dockside defines: envelopes, TA1, and each segment used by 850, 856, 810 and 997. */
export const segments: Record<string, SegmentDef> = {
  ADV,
  AK1,
  AK2,
  AK3,
  AK4,
  AK5,
  AK9,
  AMT,
  BAL,
  BEG,
  BIG,
  BSN,
  CAD,
  CB1,
  CLD,
  CN1,
  CRC,
  CSH,
  CTB,
  CTP,
  CTT,
  CUR,
  DIS,
  DMG,
  DTM,
  DTP,
  ETD,
  FA1,
  FA2,
  FOB,
  G61,
  GE,
  GF,
  GS,
  HL,
  IEA,
  INC,
  ISA,
  ISS,
  IT1,
  IT3,
  IT8,
  ITD,
  L7,
  LDT,
  LE,
  LEP,
  LFH,
  LH1,
  LH2,
  LH3,
  LH4,
  LHE,
  LHR,
  LHT,
  LIN,
  LM,
  LQ,
  LS,
  MAN,
  MEA,
  MSG,
  MTX,
  N1,
  N2,
  N3,
  N4,
  N9,
  NTE,
  NX2,
  PAL,
  PAM,
  PCT,
  PER,
  PID,
  PKG,
  PO1,
  PO3,
  PO4,
  PRF,
  PWK,
  QTY,
  R4,
  REF,
  SAC,
  SCH,
  SDQ,
  SE,
  SI,
  SLN,
  SN1,
  SPI,
  ST,
  TA1,
  TAX,
  TC2,
  TD1,
  TD3,
  TD4,
  TD5,
  TDS,
  TSD,
  TXI,
  V1,
  YNQ,
};
